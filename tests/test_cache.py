"""wire/cache.py: a cached value is exactly what was built, and a cache is never a reason to fail.

The users (wire/repair.py's lexicon, wire/langid.py's model tables) test that their own dump and
load round-trip exactly (tests/test_repair_lexicon_cache.py, tests/test_langid_cache.py); here the
file handling is tested once, with a small table built by the test. Every test points
WIRE_INGEST_CACHE_DIR at its own tmp dir: the user's cache is never touched.
"""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import numpy as np
import pytest

from wire import cache

pytestmark = pytest.mark.usefixtures("cache_dir")  # tests/conftest.py: a tmp WIRE_INGEST_CACHE_DIR

KEY = {"format": 1, "source": "test"}


class Table:
    """What a user caches: some metadata and a few buffers (bytes, an array, a numpy matrix)."""

    def __init__(self, words: bytes, codes: array, matrix: np.ndarray, name: str = "t") -> None:
        self.words, self.codes, self.matrix, self.name = words, codes, matrix, name

    def __eq__(self, other) -> bool:
        return (self.words, self.codes, self.name) == (other.words, other.codes, other.name) and (
            self.matrix.dtype == other.matrix.dtype and np.array_equal(self.matrix, other.matrix)
        )


def build() -> Table:
    return Table(b"alpha\0beta\0\xc3\xa9t\xc3\xa9", array("H", [3, 1, 4, 1, 5]), np.arange(12, dtype=np.float64).reshape(3, 4))


def dump(t: Table) -> tuple[dict, list]:
    return {"name": t.name, "shape": list(t.matrix.shape)}, [t.words, t.codes, t.matrix]


def load(meta: dict, parts: list) -> Table:
    words, codes, matrix = parts
    return Table(bytes(words), array("H", bytes(codes)),
                 np.frombuffer(matrix, dtype=np.float64).reshape(meta["shape"]), meta["name"])


@pytest.fixture
def builds():
    """Count the builds of `get`."""
    return []


def get(builds: list, *, key: dict = KEY, mmap: bool = False, loader=load) -> Table:
    return cache.cached("table", lambda: key, lambda: builds.append(1) or build(), dump, loader, mmap=mmap)


def files(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("table-*.bin"))


@pytest.mark.parametrize("mmap", [False, True])
def test_a_hit_reads_back_exactly_what_was_built(cache_dir, builds, mmap):
    assert get(builds, mmap=mmap) == build() and len(builds) == 1  # a miss: built and written
    assert len(files(cache_dir)) == 1 and not list(cache_dir.glob(".table-*"))  # no temporary file left
    again = get(builds, mmap=mmap)
    assert again == build() and len(builds) == 1  # a hit: read, not built
    if mmap:
        assert not again.matrix.flags.writeable  # a view of the mapped file, which nothing may write


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-8] + bytes(b ^ 0xFF for b in data[-8:]), id="data-flipped"),
        pytest.param(lambda data: data[:40] + bytes([data[40] ^ 1]) + data[41:], id="header-bit"),
        pytest.param(lambda data: data + b"\0", id="trailing-byte"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a cache at all", id="garbage"),
    ],
)
@pytest.mark.parametrize("mmap", [False, True])
def test_a_damaged_file_is_built_again_and_rewritten(cache_dir, builds, damage, mmap):
    get(builds, mmap=mmap)
    [path] = files(cache_dir)
    good = path.read_bytes()
    damaged = path.with_suffix(".damaged")  # replaced, never written into: it may be mapped
    damaged.write_bytes(damage(good))
    os.replace(damaged, path)
    assert get(builds, mmap=mmap) == build() and len(builds) == 2  # built again, not read
    assert path.read_bytes() == good  # rewritten
    assert get(builds, mmap=mmap) == build() and len(builds) == 2


def test_a_load_that_fails_counts_as_damage(cache_dir, builds):
    get(builds)
    assert get(builds, loader=lambda meta, parts: 1 / 0) == build() and len(builds) == 2


def test_an_unwritable_cache_dir_only_means_building(tmp_path, monkeypatch, builds):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(blocker / "cache"))  # mkdir fails under a file
    assert get(builds) == build() and get(builds) == build()
    assert len(builds) == 2  # nothing cached, nothing raised


def test_another_key_is_another_file_and_a_key_mismatch_inside_a_file_is_a_miss(cache_dir, builds):
    get(builds)
    get(builds, key={**KEY, "format": 2})
    assert len(builds) == 2 and len(files(cache_dir)) == 2
    path = cache.entry_path("table", KEY)
    assert cache.read(path, {**KEY, "source": "other"}) is None
    assert load(*cache.read(path, KEY)) == build()


def test_cache_dir_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(tmp_path / "x"))
    assert cache.cache_dir() == tmp_path / "x"
    monkeypatch.delenv("WIRE_INGEST_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "wire-ingest"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "wire-ingest"
