"""wire/repair.py's on-disk lexicon cache (wire/cache.py): the same lexicon as a build, and never a reason to fail.

Every test points WIRE_INGEST_CACHE_DIR at its own tmp dir: the user's cache is never touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wire import cache, repair


@pytest.fixture(scope="module")
def built():
    """One real build (~3 s), shared: the reference every cached load must equal."""
    return repair._build_lexicon()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(path))
    return path


@pytest.fixture
def builds(monkeypatch, built):
    """Count builds; each returns the shared real build."""
    calls = []
    monkeypatch.setattr(repair, "_build_lexicon", lambda: calls.append(1) or built)
    return calls


def assert_same(a: repair.Lexicon, b: repair.Lexicon) -> None:
    assert a.words._groups == b.words._groups  # byte length -> (blob, zipf codes, starts), exactly
    assert len(a.words) == len(b.words)
    for name in ("alphabets", "bigrams", "common_alphabets", "common_bigrams"):
        assert getattr(a, name) == getattr(b, name), name


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("lexicon-*.bin"))


def test_cached_load_equals_a_fresh_build(cache_dir, builds, built):
    first = repair._cached_lexicon()  # a miss: built and written
    assert first is built and len(builds) == 1
    assert len(cache_files(cache_dir)) == 1
    assert not list(cache_dir.glob(".lexicon-*"))  # no temporary file left behind

    again = repair._cached_lexicon()  # a hit: read, not built
    assert len(builds) == 1
    assert again is not built
    assert_same(again, built)
    for word in ("the", "größe", "información", "człowiek", "между", "việt", "zzzzqx", "", "\ud800"):
        assert again.zipf(word) == built.zipf(word)
        assert (word in again.words) == (word in built.words)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-100] + bytes(b ^ 0xFF for b in data[-100:]), id="tables-flipped"),
        pytest.param(lambda data: data[:200] + b"!" + data[201:], id="header-flipped"),
        pytest.param(lambda data: data + b"\0", id="trailing-byte"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a cache at all", id="garbage"),
    ],
)
def test_a_corrupt_cache_falls_back_to_building_and_is_rewritten(cache_dir, builds, built, damage):
    repair._cached_lexicon()
    [path] = cache_files(cache_dir)
    good = path.read_bytes()
    path.write_bytes(damage(good))

    lexicon = repair._cached_lexicon()
    assert lexicon is built and len(builds) == 2  # built again, not read
    assert path.read_bytes() == good  # rewritten

    assert_same(repair._cached_lexicon(), built)
    assert len(builds) == 2


def test_an_unwritable_cache_dir_still_works(tmp_path, monkeypatch, builds, built):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(blocker / "cache"))  # mkdir fails under a file
    assert repair._cached_lexicon() is built
    assert repair._cached_lexicon() is built
    assert len(builds) == 2  # nothing cached, nothing raised


def test_the_cache_is_keyed_by_the_build_inputs(cache_dir, builds, monkeypatch):
    repair._cached_lexicon()
    monkeypatch.setattr(repair, "_COMMON_PAIR_WORDS", repair._COMMON_PAIR_WORDS + 1)
    repair._cached_lexicon()  # another threshold: another file, built again
    monkeypatch.setattr(repair, "_LEXICON_FORMAT", repair._LEXICON_FORMAT + 1)
    repair._cached_lexicon()
    assert len(builds) == 3
    assert len(cache_files(cache_dir)) == 3


def test_a_key_mismatch_inside_the_file_is_a_miss(cache_dir, builds, built):
    repair._cached_lexicon()
    [path] = cache_files(cache_dir)
    key = repair._lexicon_key()
    key["wordfreq"] = "0.0"
    assert cache.read(path, key) is None
    assert_same(repair._load_lexicon(*cache.read(path, repair._lexicon_key())), built)


def test_cache_dir_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"
    monkeypatch.delenv("WIRE_INGEST_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "wire-ingest"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "wire-ingest"
