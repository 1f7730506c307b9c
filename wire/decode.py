"""Bytes -> text, with a recorded charset decision.

Input: `RawPage`. Output: `Page` (text, kind, charset, charset_reason).
Rejections (`Rejected.reason`): `empty` (no bytes or only whitespace),
`binary` (NUL bytes or control characters that no text page carries),
`undecodable` (no candidate charset decodes the bytes).

Order of evidence, first that holds wins:
  1. a byte-order mark                                   -> reason "bom"
  2. the charset of the HTTP Content-Type (sidecar/WARC) -> "http-header", if it decodes strictly
  3. a <meta charset> / http-equiv declaration            -> "meta", if it decodes strictly
     (real pages often declare an old charset and are UTF-8: a UTF-8 page declared
     iso-8859-1 decodes "strictly" as Latin-1 too, so strict UTF-8 is tried before a
     single-byte declaration whenever the bytes hold non-ASCII UTF-8 sequences)
  4. strict UTF-8                                         -> "utf-8"
  5. charset-normalizer's guess, when it is a multi-byte codec or a single-byte
     codec of a non-Western language                      -> "detected"
  6. windows-1252, the web's legacy default               -> "default-cp1252"
"""

from __future__ import annotations

import codecs
import re

from wire.records import Page, RawPage, Rejected

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)
# Control characters other than \t \n \r \f: text pages don't carry them in bulk.
_CONTROL = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0E, 0x20))
_SNIFF_BYTES = 4096
# Languages charset-normalizer names for single-byte pages that are not in a Western Latin script.
_NON_LATIN_LANGUAGES = frozenset(
    {"Russian", "Ukrainian", "Bulgarian", "Serbian", "Macedonian", "Belarusian", "Kazakh", "Greek",
     "Hebrew", "Arabic", "Farsi", "Thai", "Turkish", "Polish", "Czech", "Slovak", "Hungarian",
     "Romanian", "Croatian", "Slovene", "Lithuanian", "Latvian", "Estonian", "Vietnamese"}
)
_NUL_ONLY_FROM_ZERO = frozenset({"utf-8", "utf-8-sig", "cp1252", "iso8859-1"})
DECODE_REASONS = ("empty", "binary", "undecodable")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return match.group(1) if match else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_single_byte(codec: str) -> bool:
    try:
        return len("é".encode(codec)) == 1
    except (UnicodeEncodeError, LookupError):
        return False


def sniff_kind(data: bytes, content_type: str | None = None) -> str:
    if content_type and "html" in content_type.lower():
        return "html"
    return "html" if _HTML_SNIFF.search(data[:_SNIFF_BYTES]) else "text"


def decode_bytes(data: bytes, content_type: str | None = None) -> tuple[str, str, str]:
    """Return (text, charset, reason). Raises Rejected."""
    # isspace() stops at the first non-blank byte; strip() would copy the page. Same blanks (ASCII).
    if not data or data.isspace():
        raise Rejected("empty", "the object has no content")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return text, codec, "bom"
    head = data[:_SNIFF_BYTES]
    # translate(None, delete) counts them in one C pass (a findall built a list of 1-byte matches).
    controls = len(head) - len(head.translate(None, _CONTROL))
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise Rejected("binary", f"{controls} control bytes in the first {len(head)} bytes; not a text page")
    utf8 = _strict(data, "utf-8")
    for reason, declared in (("http-header", _codec(http_charset(content_type))), ("meta", _meta_codec(head))):
        if declared is None:
            continue
        if utf8 is not None and declared != "utf-8" and _is_single_byte(declared) and not data.isascii():
            # Valid multi-byte UTF-8 under a single-byte label: the label is stale.
            return utf8, "utf-8", f"utf-8 (declared {declared} by {reason})"
        # A utf-8 declaration (most pages) reuses the decode above instead of decoding the page again.
        text = utf8 if declared == "utf-8" else _strict(data, declared)
        if text is not None:
            return text, declared, reason
    if utf8 is not None:
        return utf8, "utf-8", "utf-8"
    from charset_normalizer import from_bytes  # lazy: rarely needed, slow to import

    best = from_bytes(data).best()
    if best is not None and (not _is_single_byte(best.encoding) or best.language in _NON_LATIN_LANGUAGES):
        return str(best), _codec(best.encoding) or best.encoding, "detected"
    # An undeclared single-byte page in a Latin-script language: charset-normalizer's pick among
    # the many Latin code pages is close to a coin toss on short pages (it read French cp1252 as
    # mac_latin2 here), while windows-1252 is the web's legacy default (WHATWG encoding standard).
    # A wrong guess is still visible to the repair stage as mojibake.
    text = _strict(data, "cp1252")
    if text is not None:
        return text, "cp1252", "default-cp1252"
    return data.decode("latin-1"), "iso8859-1", "default-latin-1"


def _meta_codec(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return _codec(match.group(1).decode("ascii", "replace")) if match else None


def decode_page(raw: RawPage) -> Page:
    content_type = raw.header("content-type")
    text, charset, reason = decode_bytes(raw.data, content_type)
    # These codecs decode only the byte 0x00 to U+0000: a scan of the bytes (memchr) answers for the text.
    if (b"\x00" in raw.data) if charset in _NUL_ONLY_FROM_ZERO else ("\x00" in text):
        raise Rejected("binary", "NUL characters in the decoded text")
    return Page(
        input_uri=raw.input_uri,
        input_sha256=raw.input_sha256,
        text=text,
        kind=sniff_kind(raw.data, content_type),
        charset=charset,
        charset_reason=reason,
        url=raw.url,
        fetched_at=raw.fetched_at,
        headers=raw.headers,
        # Strict UTF-8 of the object's own bytes (a BOM page's codec is utf-8-sig, and a
        # "detected" utf-8 came from charset-normalizer, not from these bytes): the text's UTF-8.
        utf8=raw.data if charset == "utf-8" and reason != "detected" else None,
    )
