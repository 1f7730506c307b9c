"""Raw objects -> RawPage records: gzip, WARC and sidecars, within size limits.

Pure functions over bytes; the Beam stage `transforms/read.py` does the I/O.

Input: an object's name, its bytes and its optional sidecar bytes.
Output: one `RawPage` per page (a WARC yields one per response record).
Rejections (`Rejected.reason`):
  `too_large`       the object is bigger than `limits.max_object_bytes`
  `inflated_too_large` a gzip or WARC record inflates past `limits.max_inflated_bytes` (gzip bombs)
  `truncated_gzip`  the gzip stream ends early or is corrupt
  `bad_warc`        the WARC cannot be parsed (or is not a WARC: warcio would read junk as ARC)
  `truncated_warc`  a response record ends before its Content-Length
  `warc_no_pages`   a WARC with no HTML/text response record
  `bad_sidecar`     the sidecar is not a JSON object, or its fetched_at is not a date
  `bad_sidecar_url` the sidecar's url is not http(s)
"""

from __future__ import annotations

import io
import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from wire.records import RawPage, Rejected, sha256_hex

SIDECAR_SUFFIX = ".meta.json"
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".warc")


@dataclass(frozen=True)
class ReadLimits:
    max_object_bytes: int = 64 * 1024 * 1024
    max_inflated_bytes: int = 32 * 1024 * 1024


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIX)


def page_name_of_sidecar(name: str) -> str:
    return name[: -len(SIDECAR_SUFFIX)]


def is_page_name(name: str) -> bool:
    base = name[:-3] if name.endswith(".gz") else name
    return base.lower().endswith(PAGE_SUFFIXES)


def parse_time(value: str) -> datetime:
    """ISO 8601 (a trailing Z allowed) -> aware UTC datetime; naive values are taken as UTC."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


@dataclass(frozen=True)
class Sidecar:
    url: str | None = None
    fetched_at: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()


def parse_sidecar(data: bytes) -> Sidecar:
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Rejected("bad_sidecar", f"sidecar is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise Rejected("bad_sidecar", "sidecar is not a JSON object")
    url = meta.get("url")
    if url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise Rejected("bad_sidecar_url", f"sidecar url is not http(s): {str(url)[:200]!r}")
    fetched_at = None
    if meta.get("fetched_at") is not None:
        try:
            fetched_at = parse_time(str(meta["fetched_at"]))
        except ValueError:
            raise Rejected("bad_sidecar", f"fetched_at is not an ISO 8601 time: {str(meta['fetched_at'])[:100]!r}") from None
    raw_headers = meta.get("headers") or {}
    if not isinstance(raw_headers, dict):
        raise Rejected("bad_sidecar", "headers is not a JSON object")
    headers = tuple(sorted((str(k).lower(), str(v)) for k, v in raw_headers.items()))
    return Sidecar(url=url, fetched_at=fetched_at, headers=headers)


def gunzip(data: bytes, limit: int) -> bytes:
    """Inflate a (possibly multi-member) gzip stream, refusing to inflate past `limit` bytes."""
    out = io.BytesIO()
    pending = data
    while pending:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(pending, limit + 1 - out.tell())
            out.write(chunk)
            while inflater.unconsumed_tail and out.tell() <= limit:
                out.write(inflater.decompress(inflater.unconsumed_tail, limit + 1 - out.tell()))
        except zlib.error as exc:
            raise Rejected("truncated_gzip", f"corrupt gzip stream: {exc}") from None
        if out.tell() > limit:
            raise Rejected("inflated_too_large", f"inflates past the limit of {limit} bytes")
        if not inflater.eof:
            raise Rejected("truncated_gzip", "gzip stream ends before its end marker")
        pending = inflater.unused_data.lstrip(b"\x00")
    return out.getvalue()


def expand_object(name: str, data: bytes, sidecar: bytes | None = None, limits: ReadLimits = ReadLimits()) -> list[RawPage]:
    """One raw object (and its sidecar) -> its pages. Raises Rejected."""
    if len(data) > limits.max_object_bytes:
        raise Rejected("too_large", f"{len(data)} bytes is over the limit of {limits.max_object_bytes}")
    meta = parse_sidecar(sidecar) if sidecar is not None else Sidecar()
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        return _warc_pages(name, data, meta, limits)
    if lower.endswith(".gz"):
        data = gunzip(data, limits.max_inflated_bytes)
    elif len(data) > limits.max_inflated_bytes:
        raise Rejected("too_large", f"{len(data)} bytes is over the page limit of {limits.max_inflated_bytes}")
    return [
        RawPage(
            input_uri=name,
            data=data,
            url=meta.url,
            fetched_at=meta.fetched_at,
            headers=meta.headers,
            input_sha256=sha256_hex(data),
        )
    ]


def _warc_pages(name: str, data: bytes, meta: Sidecar, limits: ReadLimits) -> list[RawPage]:
    from warcio.archiveiterator import ArchiveIterator  # lazy: only WARC inputs pay for it

    if name.lower().endswith(".gz"):
        # Inflate first with the bomb guard; warcio would inflate without a bound.
        data = gunzip(data, limits.max_inflated_bytes)
    pages: list[RawPage] = []
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.format != "warc":
                raise Rejected("bad_warc", f"not a WARC record (read as {record.format})")
            if record.rec_type != "response":
                continue
            http = record.http_headers
            content_type = http.get_header("Content-Type") if http else None
            if content_type and not any(t in content_type.lower() for t in ("html", "text/plain", "xhtml")):
                continue
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
            body = record.content_stream().read(limits.max_inflated_bytes + 1)
            if len(body) > limits.max_inflated_bytes:
                raise Rejected("inflated_too_large", f"WARC record {record_id} is over {limits.max_inflated_bytes} bytes")
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                # warcio returns the bytes that are there; a cut record would pass as a short page.
                raise Rejected("truncated_warc", f"WARC record {record_id} ends {missing} bytes before its Content-Length")
            warc_date = record.rec_headers.get_header("WARC-Date")
            headers = tuple(sorted((k.lower(), v) for k, v in (http.headers if http else [])))
            pages.append(
                RawPage(
                    input_uri=f"{name}#{record_id}",
                    data=body,
                    url=record.rec_headers.get_header("WARC-Target-URI") or meta.url,
                    fetched_at=parse_time(warc_date) if warc_date else meta.fetched_at,
                    headers=headers,
                    input_sha256=sha256_hex(body),
                )
            )
    except Rejected:
        raise
    except Exception as exc:  # warcio raises bare exceptions on truncated or malformed archives
        raise Rejected("bad_warc", f"{type(exc).__name__}: {exc}") from None
    if not pages:
        raise Rejected("warc_no_pages", "the WARC holds no HTML or text response record")
    return pages


def read_local_file(path: str, limits: ReadLimits = ReadLimits()) -> list[RawPage]:
    """Read one local object and its sidecar, as the pipeline would (for the CLI)."""
    data = Path(path).read_bytes()
    sidecar_path = Path(path + SIDECAR_SUFFIX)
    sidecar = sidecar_path.read_bytes() if sidecar_path.exists() else None
    return expand_object(path, data, sidecar, limits)
