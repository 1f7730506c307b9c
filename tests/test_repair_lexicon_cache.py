"""wire/repair.py's on-disk lexicon cache: the lexicon read back is the one built, and its key
follows the build's inputs. The file handling itself (damage, unwritable folders, keys inside the
file) is tested once, in tests/test_cache.py.

Every test points WIRE_INGEST_CACHE_DIR at its own tmp dir: the user's cache is never touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import counted, load_twice
from wire import repair

pytestmark = pytest.mark.usefixtures("cache_dir")  # tests/conftest.py: a tmp WIRE_INGEST_CACHE_DIR


@pytest.fixture(scope="module")
def built():
    """One real build (~3 s), shared: the reference every cached load must equal."""
    return repair._build_lexicon()


@pytest.fixture
def builds(monkeypatch, built):
    """Count builds; each returns the shared real build."""
    return counted(monkeypatch, repair, "_build_lexicon", built)


def assert_same(a: repair.Lexicon, b: repair.Lexicon) -> None:
    assert a.words._groups == b.words._groups  # byte length -> (blob, zipf codes, starts), exactly
    assert len(a.words) == len(b.words)
    for name in ("alphabets", "bigrams", "common_alphabets", "common_bigrams"):
        assert getattr(a, name) == getattr(b, name), name


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("lexicon-*.bin"))


def test_cached_load_equals_a_fresh_build(cache_dir, builds, built):
    again = load_twice(repair._cached_lexicon, builds, built, cache_dir, "lexicon")
    assert_same(again, built)
    for word in ("the", "größe", "información", "człowiek", "между", "việt", "zzzzqx", "", "\ud800"):
        assert again.zipf(word) == built.zipf(word)
        assert (word in again.words) == (word in built.words)


def test_the_cache_is_keyed_by_the_build_inputs(cache_dir, builds, monkeypatch):
    repair._cached_lexicon()
    monkeypatch.setattr(repair, "_COMMON_PAIR_WORDS", repair._COMMON_PAIR_WORDS + 1)
    repair._cached_lexicon()  # another threshold: another file, built again
    monkeypatch.setattr(repair, "_LEXICON_FORMAT", repair._LEXICON_FORMAT + 1)
    repair._cached_lexicon()
    assert len(builds) == 3
    assert len(cache_files(cache_dir)) == 3
