"""Hostile corpus: every kind of broken or malicious input the pipeline must survive (issue 10).

Nothing large is committed: `build(folder)` writes the corpus into a temporary folder,
streaming the big cases (50 MB page, gzip bomb, 10 MB line, a million attributes) to disk
in chunks so that no generator holds more than a few MB in memory at once.

Each case is a `Case(name, expected)` where `expected` is ("ok", None) for an input that
must come out as articles, or (stage, reason) for the one dead letter it must produce in
errors/. `expected` assumes the limits of `HOSTILE_CONFIG` (modest, so the test is fast).

The "fetch" cases carry an external DTD, external XML entities, <img>, <link>, <iframe>,
<script src>, CSS url() and a meta refresh, all pointing at `probe_url` (a loopback port
the test listens on), plus a `file://` entity naming a local file whose content must never
appear in any output.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.pipeline_helpers import GOOD_HTML, make_warc

MiB = 1024 * 1024

# Limits the expectations below are written against. The split keys are those of
# transforms/guard.py (SplitLimits).
HOSTILE_CONFIG = """\
read:
  max_object_bytes: 16777216      # 16 MiB: the 50 MB page is too_large
  max_inflated_bytes: 12582912    # 12 MiB: the bomb is inflated_too_large
split:
  max_page_chars: 8000000         # the 10 MB line is page_too_large
  max_tag_attributes: 1000        # the million-attribute tag is too_many_attributes
  max_seconds_per_page: 20        # the backstop; no case here should reach it
quality:
  max_error_ratio: 1.0
"""

# A paragraph the splitters accept as an article body.
BODY_P = (
    "<p>DENVER (AP) — A fast-moving winter storm closed three mountain passes on Tuesday, stranding "
    "hundreds of travelers who had set out early for the holiday weekend, state officials said.</p>"
    "<p>Crews worked through the night to clear snow drifts that reached six feet in places, and "
    "officials urged drivers to delay trips until the roads were declared safe again on Wednesday.</p>"
)

FRENCH = (
    "<html><head><meta charset=\"{charset}\"><title>Fête</title></head><body><article>"
    "<h1>La fête du village attire des milliers de visiteurs</h1>"
    "<p>Des milliers de visiteurs sont venus samedi pour la fête annuelle du village, où les producteurs "
    "locaux ont présenté leurs fromages, leurs vins et leurs pâtisseries sous un soleil d'automne.</p>"
    "<p>Le maire a déclaré que l'édition de cette année était la plus réussie depuis sa création il y a "
    "trente ans, et il a remercié les bénévoles qui ont préparé les stands pendant toute la semaine.</p>"
    "</article></body></html>"
)


@dataclass(frozen=True)
class Case:
    name: str  # file name; a WARC record's input_uri is <name>#<record id>
    expected: tuple[str, str | None]  # ("ok", None) or (stage, reason)
    what: str


OK = ("ok", None)


def _write_chunks(path: Path, chunks) -> None:
    with open(path, "wb") as out:
        for chunk in chunks:
            out.write(chunk)


def gzip_bomb(path: Path, inflated_bytes: int, chunk: int = MiB) -> int:
    """Write a valid gzip of `inflated_bytes` zero bytes, streaming. Returns the file size.

    Deflate cannot beat ~1032:1, so 2 GiB of zeros take ~2 MB on disk; a full flush after each
    chunk resets the compressor, which makes every chunk's compressed bytes identical: one chunk
    is compressed once and its bytes repeated, so the bomb costs milliseconds to build. The CRC
    is computed over the zeros chunk by chunk (zlib.crc32 is incremental).
    """
    assert inflated_bytes % chunk == 0
    zeros = bytes(chunk)
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    assert again == block  # what makes repeating the bytes valid
    tail = comp.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(inflated_bytes // chunk):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = crc.to_bytes(4, "little") + (inflated_bytes & 0xFFFFFFFF).to_bytes(4, "little")
    _write_chunks(path, [header, *(block for _ in range(inflated_bytes // chunk)), tail, trailer])
    return path.stat().st_size


def _big_page(target: int):
    yield b"<html><head><meta charset='utf-8'><title>Huge</title></head><body><article>"
    para = BODY_P.encode("utf-8")
    written = 0
    while written < target:
        yield para * 64
        written += len(para) * 64
    yield b"</article></body></html>"


def _one_line(target: int):
    # One 10 MB line of prose, no newline, no markup: the text splitter's worst case.
    sentence = b"the storm closed the passes and crews worked through the night to clear the roads, "
    for _ in range(target // len(sentence) + 1):
        yield sentence


def _many_attributes(n: int):
    yield b"<html><head><title>Attributes</title></head><body><article><h1>Storm</h1><div "
    batch = 10_000
    for start in range(0, n, batch):
        # Distinct names without values (libxml2 checks each new attribute against the ones before).
        yield " ".join(f"a{i:x}" for i in range(start, min(n, start + batch))).encode("ascii") + b" "
    yield b">" + BODY_P.encode("utf-8") + b"</div></article></body></html>"


def _deep(n: int, tag: str = "div"):
    yield b"<html><head><title>Deep</title></head><body>"
    yield f"<{tag}>".encode() * n
    yield BODY_P.encode("utf-8")
    yield f"</{tag}>".encode() * n
    yield b"</body></html>"


def fetch_page(probe_url: str, secret_path: str) -> str:
    """A page that would fetch from `probe_url` and read `secret_path` if anything resolved it."""
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE html SYSTEM "{probe_url}/dtd" [\n'
        f'  <!ENTITY remote SYSTEM "{probe_url}/entity">\n'
        f'  <!ENTITY secret SYSTEM "file://{secret_path}">\n'
        f'  <!ENTITY % param SYSTEM "{probe_url}/param"> %param;\n'
        "]>\n"
        f'<html><head><title>Fetch</title><link rel="stylesheet" href="{probe_url}/css">'
        f'<meta http-equiv="refresh" content="0; url={probe_url}/refresh">'
        f'<script src="{probe_url}/js"></script>'
        f"<style>@import url({probe_url}/import); body {{ background: url({probe_url}/bg) }}</style>"
        f'<base href="{probe_url}/base/"></head>'
        f'<body><article><h1>Storm closes mountain passes</h1><img src="{probe_url}/img" '
        f'srcset="{probe_url}/img2 2x"><iframe src="{probe_url}/frame"></iframe>'
        f'<object data="{probe_url}/object"></object>'
        "<p>&remote;&secret;</p>" + BODY_P + "</article></body></html>"
    )


def build(folder: Path, probe_url: str, secret_path: str) -> list[Case]:
    """Write the hostile corpus into `folder`; return its cases with their expected outcomes."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, data: bytes, expected, what: str) -> None:
        (folder / name).write_bytes(data)
        cases.append(Case(name, expected, what))

    put("control.html", GOOD_HTML.encode("utf-8"), OK, "a good page, so the run is not all errors")
    put(
        "not-html.html",
        b'{"items": [{"id": 1, "title": "storm"}, {"id": 2, "title": "passes"}], "next": null}',
        ("SplitPages", "no_article"),
        "a JSON API response saved as .html",
    )
    put("binary.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, ("ReadRawPages", "binary"), "a PNG")
    put("empty.html", b"", ("ReadRawPages", "empty"), "zero bytes")
    put("whitespace.html", b" \n\t\r\n  ", ("ReadRawPages", "empty"), "only whitespace")
    # The NUL sits past the decoder's 4 KB sniff window: the decoded-text check must catch it.
    nul = GOOD_HTML.replace("</footer>", "</footer>" + " " * 5000 + "\x00tail")
    put("nul.html", nul.encode("utf-8"), ("ReadRawPages", "binary"), "a NUL byte after 5 KB")
    put(
        "invalid-utf8.html",
        FRENCH.format(charset="utf-8").encode("cp1252"),
        OK,
        "declared UTF-8, bytes are cp1252 (invalid UTF-8)",
    )
    put(
        "wrong-charset.html",
        FRENCH.format(charset="koi8-r").encode("utf-8"),
        OK,
        "declared koi8-r, bytes are UTF-8",
    )
    put(
        "bogus-charset.html",
        FRENCH.format(charset="x-no-such-charset").encode("utf-8"),
        OK,
        "a charset name no codec knows",
    )
    whole = gzip.compress(GOOD_HTML.encode("utf-8"), mtime=0)
    put("truncated.html.gz", whole[: len(whole) // 2], ("ReadRawPages", "truncated_gzip"), "gzip cut in half")
    put("garbage.html.gz", b"\x1f\x8b\x08\x00" + b"not deflate at all" * 10, ("ReadRawPages", "truncated_gzip"), "gzip header, junk body")
    warc = make_warc([("https://ledger.example/a", "text/html; charset=utf-8", GOOD_HTML.encode("utf-8"))])
    put("truncated.warc.gz", warc[: len(warc) - 40], ("ReadRawPages", "truncated_gzip"), "gzipped WARC cut short")
    plain_warc = gzip.decompress(warc)
    put("truncated.warc", plain_warc[: len(plain_warc) // 2], ("ReadRawPages", "truncated_warc"), "WARC record cut mid-payload")
    put("junk.warc", b"this is not a WARC file\r\n" * 10, ("ReadRawPages", "bad_warc"), "not a WARC at all")
    put(
        "images.warc.gz",
        make_warc([("https://ledger.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(512))]),
        ("ReadRawPages", "warc_no_pages"),
        "a WARC whose only response is an image",
    )

    size = gzip_bomb(folder / "bomb.html.gz", 2 * 1024 * MiB)
    assert size < 4 * MiB
    cases.append(Case("bomb.html.gz", ("ReadRawPages", "inflated_too_large"), f"{size} bytes inflating to 2 GiB"))
    _write_chunks(folder / "huge.html", _big_page(50 * MiB))
    cases.append(Case("huge.html", ("ReadRawPages", "too_large"), "a 50 MB page"))
    _write_chunks(folder / "deep.html", _deep(100_000))
    cases.append(Case("deep.html", ("SplitPages", "no_article"), "100,000 nested <div>"))
    _write_chunks(folder / "deep-inline.html", _deep(100_000, "b"))
    cases.append(Case("deep-inline.html", ("SplitPages", "no_article"), "100,000 nested <b>"))
    _write_chunks(folder / "attributes.html", _many_attributes(1_000_000))
    cases.append(Case("attributes.html", ("SplitPages", "too_many_attributes"), "one tag with a million attributes"))
    _write_chunks(folder / "one-line.txt", _one_line(10 * 1000 * 1000))
    cases.append(Case("one-line.txt", ("SplitPages", "page_too_large"), "one 10 MB line of text"))

    sidecars = {
        "sidecar-not-json.html": (b"url=https://ledger.example/x\n", ("ReadRawPages", "bad_sidecar")),
        "sidecar-array.html": (b'["https://ledger.example/x"]', ("ReadRawPages", "bad_sidecar")),
        "sidecar-binary.html": (b"\xff\xfe\x00\x01", ("ReadRawPages", "bad_sidecar")),
        "sidecar-file-url.html": (b'{"url": "file:///etc/passwd"}', ("ReadRawPages", "bad_sidecar_url")),
        "sidecar-js-url.html": (b'{"url": "javascript:alert(1)"}', ("ReadRawPages", "bad_sidecar_url")),
        "sidecar-bad-date.html": (b'{"url": "https://ledger.example/x", "fetched_at": "yesterday"}', ("ReadRawPages", "bad_sidecar")),
        # A URL full of path tricks is a valid http URL: it must be processed and never become a path.
        "sidecar-traversal.html": (b'{"url": "https://../../../../tmp/escape/..%2f..%2fx"}', OK),
    }
    for name, (sidecar, expected) in sidecars.items():
        (folder / name).write_text(GOOD_HTML, encoding="utf-8")
        (folder / (name + ".meta.json")).write_bytes(sidecar)
        cases.append(Case(name, expected, f"sidecar {sidecar[:40]!r}"))

    put("fetch.html", fetch_page(probe_url, secret_path).encode("utf-8"), OK, "DTD, entities, img, css, iframe")
    return cases


__all__ = ["Case", "HOSTILE_CONFIG", "OK", "build", "fetch_page", "gzip_bomb"]
