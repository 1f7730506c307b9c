"""wire/langid.py's on-disk model tables (wire/cache.py): the same tables and results as a build, never a reason to fail.

Every test points WIRE_INGEST_CACHE_DIR at its own tmp dir: the user's cache is never touched.
A cached file is damaged by replacing it, never by writing into it: the tables
of an earlier load may still be mapped from it (cache.py's files are never changed in place).
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import numpy as np
import pytest

from wire import cache, langid

TEXTS = [
    "The city council approved the new budget on Tuesday after a long debate about school funding.",
    "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen.",
    "Rada miasta zatwierdziła we wtorek nowy budżet.",
    "Вот чашечка.",
    "Міська рада затвердила новий бюджет.",
    "وافق مجلس المدينة على الميزانية الجديدة",
    "नगर परिषद ने नए बजट को मंजूरी दे दी।",
    "市议会周二批准了新的预算。",
    "市議會週二批准了新的預算。",
    "hello world",
    "Bonjour",
    "",
]


@pytest.fixture(scope="module")
def built():
    """One real build (~0.6 s), shared: the reference every cached load must equal."""
    return langid._build_tables()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(path))
    return path


@pytest.fixture
def builds(monkeypatch, built):
    """Count builds; each returns the shared real build."""
    calls = []
    monkeypatch.setattr(langid, "_build_tables", lambda: calls.append(1) or built)
    return calls


def same_array(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides and a.tobytes() == b.tobytes()


def assert_same(got, expected) -> None:
    """Every table the identifier uses, exactly: values, dtypes, shapes, layout and order."""
    (ld, grams, blocks, bayes), (ld_x, grams_x, blocks_x, bayes_x) = got, expected
    assert list(ld.items()) == list(ld_x.items())
    assert list(grams.items()) == list(grams_x.items())
    assert list(blocks) == list(blocks_x)
    for script in blocks:
        block, block_x = blocks[script], blocks_x[script]
        assert list(block.column.items()) == list(block_x.column.items()), script
        assert same_array(block.row_of, block_x.row_of), script
        assert same_array(block.matrix, block_x.matrix), script
    assert bayes.classes == bayes_x.classes
    assert bayes.column == bayes_x.column
    for name in ("ptc", "pc", "_next", "_base", "_output"):
        assert same_array(getattr(bayes, name), getattr(bayes_x, name)), name
    assert isinstance(bayes._row, array) and bayes._row.typecode == bayes_x._row.typecode
    assert bayes._row == bayes_x._row
    assert bytes(memoryview(bayes._nextmove).cast("B")) == bytes(memoryview(bayes_x._nextmove).cast("B"))


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("langid-*.bin"))


def test_cached_tables_equal_a_fresh_build(cache_dir, builds, built):
    first = langid._cached_tables()  # a miss: built and written
    assert first is built and len(builds) == 1
    assert len(cache_files(cache_dir)) == 1
    assert not list(cache_dir.glob(".langid-*"))  # no temporary file left behind

    again = langid._cached_tables()  # a hit: mapped, not built
    assert len(builds) == 1
    assert again is not built
    assert_same(again, built)
    # Mapped read-only: nothing can write into the file (or into another worker's tables).
    _ld, _grams, blocks, bayes = again
    for table in [bayes.ptc, bayes.pc, bayes._next, bayes._output, *(b.matrix for b in blocks.values()),
                  *(b.row_of for b in blocks.values())]:
        assert not table.flags.writeable
    # py3langid's own identifier over the cached tables is the one over the built ones.
    got, expected = again[3].identifier(), built[3].identifier()
    for name in ("nb_ptc", "nb_pc"):
        assert same_array(getattr(got, name), getattr(expected, name)), name
    for name in ("nb_classes", "tk_nextmove", "tk_row", "tk_output", "_rowbase"):
        assert getattr(got, name) == getattr(expected, name), name


def test_cached_tables_give_the_same_results(cache_dir, monkeypatch, built):
    langid._cached_tables()  # a miss: writes the file
    results = {}
    for source in ("built", "cached"):
        tables = built if source == "built" else langid._cached_tables()
        monkeypatch.setattr(langid, "_cached_tables", lambda tables=tables: tables)
        monkeypatch.setattr(langid, "_MODELS", langid._Models())
        identifier = langid.LanguageIdentifier()
        results[source] = [identifier.detect(text) for text in TEXTS] + [
            identifier.detect(text, declared="uk") for text in TEXTS
        ] + [identifier._bayes.scores(text) for text in TEXTS]
        monkeypatch.undo()
        monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(cache_dir))
    assert results["cached"] == results["built"]
    assert {r.reason for r in results["built"][: len(TEXTS)]} >= {"agree", "script"}  # the sampler ran


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-100] + bytes(b ^ 0xFF for b in data[-100:]), id="tables-flipped"),
        pytest.param(lambda data: data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1 :],
                     id="one-bit-mid-file"),
        pytest.param(lambda data: data[:200] + b"!" + data[201:], id="header-flipped"),
        pytest.param(lambda data: data + b"\0", id="trailing-byte"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a cache at all", id="garbage"),
    ],
)
def test_a_corrupt_cache_falls_back_to_building_and_is_rewritten(cache_dir, builds, built, damage):
    langid._cached_tables()
    [path] = cache_files(cache_dir)
    good = path.read_bytes()
    damaged = path.with_suffix(".damaged")
    damaged.write_bytes(damage(good))
    os.replace(damaged, path)

    tables = langid._cached_tables()
    assert tables is built and len(builds) == 2  # built again, not read
    assert path.read_bytes() == good  # rewritten

    assert_same(langid._cached_tables(), built)
    assert len(builds) == 2


def test_a_load_that_fails_counts_as_damage(cache_dir, builds, built, monkeypatch):
    langid._cached_tables()
    monkeypatch.setattr(langid, "_load_tables", lambda meta, parts: 1 / 0)
    assert langid._cached_tables() is built and len(builds) == 2


def test_an_unwritable_cache_dir_still_works(tmp_path, monkeypatch, builds, built):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(blocker / "cache"))  # mkdir fails under a file
    assert langid._cached_tables() is built
    assert langid._cached_tables() is built
    assert len(builds) == 2  # nothing cached, nothing raised


def test_the_cache_is_keyed_by_the_build_inputs(cache_dir, builds, monkeypatch):
    key = langid._tables_key()
    assert {"module_sha256", "py3langid", "langdetect", "files"} <= set(key)
    assert len(key["files"]) == len(langid._profile_paths()) + 1  # the 55 profiles and py3langid's model
    langid._cached_tables()
    monkeypatch.setattr(langid, "_TABLES_FORMAT", langid._TABLES_FORMAT + 1)
    langid._cached_tables()  # another format: another file, built again
    assert len(builds) == 2
    assert len(cache_files(cache_dir)) == 2


def test_a_key_mismatch_inside_the_file_is_a_miss(cache_dir, builds, built):
    langid._cached_tables()
    [path] = cache_files(cache_dir)
    key = langid._tables_key()
    key["langdetect"] = "0.0"
    assert cache.read(path, key, mmap=True) is None
    assert_same(langid._load_tables(*cache.read(path, langid._tables_key(), mmap=True)), built)
