"""Structural checks on samples/, the demo input (cheap: no pipeline, no parsing of article text).

What the pages must split into lives in tests/fixtures/samples_expected.json (written by
samples/make_pages.py); these tests only hold the files to the shape that the demo,
the reader and later acceptance tests rely on.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "fixtures" / "samples_expected.json"
WARC = SAMPLES / "crawl-20261126.warc.gz"

SIDECARS = sorted(SAMPLES.glob("*.meta.json"))
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".warc", ".html.gz", ".warc.gz")
PAGES = sorted(p for p in SAMPLES.iterdir() if p.name.endswith(PAGE_SUFFIXES))

# Which domain each page's sidecar URL must sit on (by file-name prefix).
DOMAINS = {
    "msn-": "www.msn.com",
    "yahoo-": "news.yahoo.com",
    "apnews-": "apnews.com",
    "aol-": "www.aol.com",
    "riverbendtribune-": "www.riverbendtribune.com",
}


def page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_there_are_a_dozen_pages():
    names = {p.name for p in PAGES}
    assert len(names) == 11  # 10 single pages + 1 WARC holding 2 responses = 12 pages
    with WARC.open("rb") as fh:
        responses = sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response")
    assert len(names) - 1 + responses == 12


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name)
def test_sidecar_is_valid_and_points_at_a_page(sidecar: Path):
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    assert set(meta) == {"url", "fetched_at", "headers"}
    url = urlsplit(meta["url"])
    assert url.scheme in ("http", "https") and url.netloc
    page = SAMPLES / sidecar.name[: -len(".meta.json")]
    assert page.exists(), f"orphan sidecar {sidecar.name}"
    expected_domain = next(d for prefix, d in DOMAINS.items() if page.name.startswith(prefix))
    assert url.netloc == expected_domain
    fetched = datetime.fromisoformat(meta["fetched_at"].replace("Z", "+00:00"))
    assert fetched.tzinfo is not None and fetched.utcoffset().total_seconds() == 0
    assert fetched.astimezone(timezone.utc).date().isoformat() == "2026-11-26"
    assert isinstance(meta["headers"], dict) and meta["headers"]["content-type"].startswith("text/")
    assert all(k == k.lower() for k in meta["headers"])


def test_sidecars_cover_all_pages_but_the_cp1252_one_and_the_warc():
    covered = {s.name[: -len(".meta.json")] for s in SIDECARS}
    missing = {p.name for p in PAGES} - covered
    assert missing == {"lamoillesentinel-walden-grocery-coop.html", "crawl-20261126.warc.gz"}


def test_seed_copy_is_byte_identical():
    seed = SHARED / "seed" / "msn-mexico-us-security.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not present")
    assert (SAMPLES / "msn-mexico-us-security.txt").read_bytes() == seed.read_bytes()


def test_gz_page_decompresses_to_html():
    html = gzip.decompress((SAMPLES / "riverbendtribune-mississippi-locks-barges.html.gz").read_bytes())
    assert html.startswith(b"<!DOCTYPE html>") and html.rstrip().endswith(b"</html>")
    html.decode("utf-8")


def test_warc_has_one_request_and_two_html_responses():
    kinds, targets = [], []
    with WARC.open("rb") as fh:
        for record in ArchiveIterator(fh):
            kinds.append(record.rec_type)
            if record.rec_type == "response":
                targets.append(urlsplit(record.rec_headers.get_header("WARC-Target-URI")).netloc)
                assert record.rec_headers.get_header("WARC-Date").startswith("2026-11-26T")
                assert record.http_headers.get_header("Content-Type").startswith("text/html")
                html = record.content_stream().read()
                assert b"<html" in html and 5_000 <= len(html) <= 40_000
    assert kinds == ["request", "response", "response"]
    assert targets == ["www.reuters.com", "www.cedarvalleygazette.com"]


@pytest.mark.parametrize("page", [p for p in PAGES if p.suffix != ".warc" and not p.name.endswith(".warc.gz")], ids=lambda p: p.name)
def test_page_size_is_compact(page: Path):
    assert 5_000 <= len(page_bytes(page)) <= 40_000


def test_charset_traps_are_as_documented():
    lying = (SAMPLES / "aol-quebec-maple-syrup-reserve.html").read_bytes()
    assert b'charset=iso-8859-1"' in lying
    assert "Élise".encode("utf-8") in lying  # the bytes really are UTF-8
    lying.decode("utf-8")
    cp = (SAMPLES / "lamoillesentinel-walden-grocery-coop.html").read_bytes()
    assert b'<meta charset="windows-1252">' in cp
    with pytest.raises(UnicodeDecodeError):
        cp.decode("utf-8")
    assert "Renée".encode("cp1252") in cp and b"\x97" in cp  # é and an em dash in cp1252


def test_yahoo_caption_mojibake_and_clean_body():
    text = (SAMPLES / "yahoo-san-benito-bakery-fire.html").read_text(encoding="utf-8")
    caption = re.search(r'<div class="figure-caption">([^<]*)</div>', text).group(1)
    assert caption.startswith("JosÈ MartÌnez ")
    assert "José Martínez" not in caption
    body = text[text.index('<div class="canvas-body'):]
    assert "José Martínez" in body and "JosÈ" not in body


def test_expectations_name_every_page_and_match_the_markup():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["pages"]
    singles = {k for k in expected if "#" not in k}
    assert singles | {"crawl-20261126.warc.gz"} == {p.name for p in PAGES}
    assert sum(1 for k in expected if k.startswith("crawl-20261126.warc.gz#")) == 2
    for name, exp in expected.items():
        if "main" not in exp or "#" in name:
            continue
        path = SAMPLES / name
        charset = "cp1252" if "lamoillesentinel" in name else "utf-8"
        text = page_bytes(path).decode(charset).replace("&amp;", "&")
        assert exp["main"]["headline"] in text, name
        assert exp["main"]["paragraph_count"] == len(exp["main"]["paragraphs"])
        for paragraph in exp["main"]["paragraphs"]:
            assert paragraph in text, (name, paragraph[:40])
        for item in exp["embedded"]:
            assert item["headline"] in text, (name, item["headline"])


def test_story_a_copies_differ_only_as_documented():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["pages"]
    msn, yahoo, local = (expected[n]["main"] for n in (
        "msn-mississippi-locks-barges.html", "yahoo-mississippi-locks-barges.html",
        "riverbendtribune-mississippi-locks-barges.html.gz"))
    assert yahoo["paragraphs"] == msn["paragraphs"] and yahoo["headline"] != msn["headline"]
    assert local["paragraphs"] == msn["paragraphs"][:-1] and local["headline"] == msn["headline"]
    assert len(msn["paragraphs"]) >= 8 and msn["paragraphs"][0].startswith("ST. LOUIS (AP) — ")
    assert not any(p.name.startswith("apnews-mississippi") for p in PAGES)
