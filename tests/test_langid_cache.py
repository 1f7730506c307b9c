"""wire/langid.py's on-disk model tables: the same tables and results as a build, and a key that
follows the build's inputs. The file handling itself (damage, unwritable folders, keys inside the
file) is tested once, in tests/test_cache.py.

Every test points WIRE_INGEST_CACHE_DIR at its own tmp dir: the user's cache is never touched.
A cached file is damaged by replacing it, never by writing into it: the tables
of an earlier load may still be mapped from it (cache.py's files are never changed in place).
"""

from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import counted, load_twice
from wire import langid

pytestmark = pytest.mark.usefixtures("cache_dir")  # tests/conftest.py: a tmp WIRE_INGEST_CACHE_DIR

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


@pytest.fixture
def builds(monkeypatch, built):
    """Count builds; each returns the shared real build."""
    return counted(monkeypatch, langid, "_build_tables", built)


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
    again = load_twice(langid._cached_tables, builds, built, cache_dir, "langid")  # the hit is mapped
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


def test_the_cache_is_keyed_by_the_build_inputs(cache_dir, builds, monkeypatch):
    key = langid._tables_key()
    assert {"module_sha256", "py3langid", "langdetect", "files"} <= set(key)
    assert len(key["files"]) == len(langid._profile_paths()) + 1  # the 55 profiles and py3langid's model
    langid._cached_tables()
    monkeypatch.setattr(langid, "_TABLES_FORMAT", langid._TABLES_FORMAT + 1)
    langid._cached_tables()  # another format: another file, built again
    assert len(builds) == 2
    assert len(cache_files(cache_dir)) == 2
