"""On-disk cache for tables that are slow to build and fast to read back.

Beam builds every stage in every worker process: the repairer's lexicon (~3 s
CPU) and the language models (~0.6 s) would be rebuilt from their packages'
data each time. `cached` builds them once per machine and afterwards reads the
result from $WIRE_INGEST_CACHE_DIR, else $XDG_CACHE_HOME/wire-ingest or
~/.cache/wire-ingest.

A file is named by a digest of its key: everything the build depends on (the
caller includes `module_sha256` of the building module, so an edit to it means
one rebuild, never a stale table). The file repeats the key and checksums it
and its data; it is written to a temporary file and renamed, so a reader sees
an old file or a whole new one. A file is never changed in place: a mapped
file that shrank would crash its readers (SIGBUS). A missing, stale, damaged or unreadable file
only means building again (and rewriting it); an unwritable folder only means
building in every process. Reading and writing never raise; a read returns
exactly what was written for this key, or nothing.

Layout: _MAGIC, _HEAD (header length, CRC-32 of the header, CRC-32 of the
data), a JSON header {"key", "meta", "parts": [byte sizes]}, then the parts
as raw bytes; the data and each part start at a multiple of _ALIGN, so parts
can be numpy arrays mapped straight from the file (`mmap=True`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap as _mmap
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_MAGIC = b"wire-ingest cache 1\n"
_HEAD = struct.Struct("<QII")  # header length, CRC-32 of the header, CRC-32 of the data
_MAX_HEADER = 1 << 24  # the largest header (the lexicon's letter sets) is ~150 kB
_ALIGN = 64  # numpy's own .npy alignment: any dtype can be viewed in place
_CHUNK = 1 << 20


def cache_dir() -> Path:
    configured = os.environ.get("WIRE_INGEST_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wire-ingest"


def module_sha256(path: str | os.PathLike) -> str:
    """For keys: any edit of the building module invalidates its files."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def entry_path(name: str, key: dict) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    return cache_dir() / f"{name}-{digest}.bin"


def cached(
    name: str,
    key: Callable[[], dict],
    build: Callable[[], T],
    dump: Callable[[T], tuple[dict, list]],
    load: Callable[[dict, list], T],
    *,
    mmap: bool = False,
) -> T:
    """`load(meta, parts)` of the cached file for `key()`, else `build()`, saved as `dump(value)`.

    `dump` returns JSON-able meta and a list of C-contiguous buffers (bytes,
    array.array, numpy arrays). `load` gets them back, the parts as bytes, or
    with `mmap=True` as read-only memoryviews of the mapped file (which stays
    mapped while they live); it raises on anything it cannot use, which counts
    as a damaged file. Only `build` may raise.
    """
    try:
        the_key = key()
        path = entry_path(name, the_key)
    except Exception:  # noqa: BLE001 - no key, no cache: the build decides (and raises if it must)
        return build()
    try:
        found = read(path, the_key, mmap=mmap)
        if found is not None:
            return load(*found)
    except Exception:  # noqa: BLE001, S110 - no file or a damaged one: build, and rewrite it below
        pass
    value = build()
    try:
        meta, parts = dump(value)
    except Exception:  # noqa: BLE001 - a value this format cannot hold: it is built, not cached
        return value
    write(path, the_key, meta, parts)
    del meta, parts
    release_freed_memory()  # the build's and the header's short-lived objects
    return value


def write(path: Path, key: dict, meta: dict, parts: list) -> bool:
    """Write atomically (temporary file, then rename); False when it could not (the next process builds again)."""
    tmp = None
    try:
        import tempfile  # only when writing: once per machine

        views = [memoryview(part).cast("B") for part in parts]
        head = json.dumps({"key": key, "meta": meta, "parts": [len(v) for v in views]}, ensure_ascii=True).encode("ascii")
        crc = 0
        for view in views:
            crc = zlib.crc32(_pad(len(view)), zlib.crc32(view, crc))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            start = len(_MAGIC) + _HEAD.size + len(head)
            f.write(_MAGIC + _HEAD.pack(len(head), zlib.crc32(head), crc) + head + _pad(start))
            for view in views:
                f.write(view)
                f.write(_pad(len(view)))
        os.replace(tmp, path)  # readers see the old file or the whole new one, never a part
        tmp = None
        return True
    except Exception:  # noqa: BLE001 - read-only or full disk: the value is built, the next process builds again
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def read(path: Path, key: dict, *, mmap: bool = False) -> tuple[dict, list] | None:
    """(meta, parts) of the file; None when it holds another key; raises when it is missing or damaged."""
    with open(path, "rb") as f:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError("not a wire-ingest cache file")
        head_len, head_crc, data_crc = _HEAD.unpack(f.read(_HEAD.size))
        if head_len > _MAX_HEADER:
            raise ValueError("damaged cache header")
        head = f.read(head_len)
        if zlib.crc32(head) != head_crc:
            raise ValueError("damaged cache header")
        header = json.loads(head)
        if header["key"] != json.loads(json.dumps(key)):  # compared as JSON: tuples are lists there
            return None  # a digest collision: rebuild (and take the file over)
        sizes = header["parts"]
        start = _aligned(len(_MAGIC) + _HEAD.size + head_len)
        if os.fstat(f.fileno()).st_size != start + sum(map(_aligned, sizes)):
            raise ValueError("truncated or extended cache file")
        f.seek(start)
        crc = 0
        if mmap:
            # The check reads through a small buffer, not the mapping: pages only
            # the check touched would otherwise count in this process's RSS.
            buffer = bytearray(_CHUNK)
            while got := f.readinto(buffer):
                crc = zlib.crc32(memoryview(buffer)[:got], crc)
            if crc != data_crc:
                raise ValueError("damaged cache data")
            # Mapped from the descriptor that was checked: a rename since then does not matter.
            view = memoryview(_mmap.mmap(f.fileno(), 0, access=_mmap.ACCESS_READ))
            parts, at = [], start
            for size in sizes:
                parts.append(view[at : at + size])
                at += _aligned(size)
        else:
            # Exact-size reads, one per part: no file-sized buffer to copy out of (RSS).
            parts = []
            for size in sizes:
                part = f.read(size)
                crc = zlib.crc32(f.read(_aligned(size) - size), zlib.crc32(part, crc))
                parts.append(part)
            if crc != data_crc:
                raise ValueError("damaged cache data")
    return header["meta"], parts


def release_freed_memory() -> None:
    # A build frees tens of MB of short-lived objects, but glibc keeps the pages
    # mapped; malloc_trim hands them back (the lexicon: RSS per worker ~55 MB -> ~27 MB).
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim, nothing lost
        pass


def _aligned(size: int) -> int:
    return -(-size // _ALIGN) * _ALIGN


def _pad(size: int) -> bytes:
    return bytes(_aligned(size) - size)


__all__ = ["cache_dir", "cached", "entry_path", "module_sha256", "read", "release_freed_memory", "write"]
