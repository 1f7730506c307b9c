"""Raw objects -> RawPage: gzip (with the bomb guard), WARC records, sidecars."""

import gzip
import io
from datetime import datetime, timezone

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wire.ingest_io import ReadLimits, expand_object, is_page_name, parse_sidecar
from wire.records import Rejected, sha256_hex

PAGE = "<html><body><p>MEXICO CITY (AP) — text</p></body></html>".encode("utf-8")


def make_warc(records, gz=True) -> bytes:
    """records: (uri, content_type, body) for response records; a request record is added for each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2026-11-26T03:04:05Z"},
            )
        )
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return out.getvalue()


def test_plain_page_with_sidecar():
    sidecar = b'{"url": "https://www.msn.com/en-us/news/x", "fetched_at": "2026-11-26T01:02:03Z", "headers": {"Content-Type": "text/html; charset=utf-8"}}'
    [page] = expand_object("gs://b/raw/x.html", PAGE, sidecar)
    assert page.input_uri == "gs://b/raw/x.html"
    assert page.url == "https://www.msn.com/en-us/news/x"
    assert page.fetched_at == datetime(2026, 11, 26, 1, 2, 3, tzinfo=timezone.utc)
    assert page.headers == (("content-type", "text/html; charset=utf-8"),)
    assert page.input_sha256 == sha256_hex(PAGE)


def test_gzip_page_is_inflated():
    [page] = expand_object("x.html.gz", gzip.compress(PAGE))
    assert page.data == PAGE


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("x.html.gz", gzip.compress(PAGE)[:-6], "truncated_gzip"),
        ("x.html.gz", b"not gzip at all", "truncated_gzip"),
        ("bomb.html.gz", gzip.compress(b"\0" * (2 * 1024 * 1024)), "inflated_too_large"),
        ("big.html", b"x" * (1024 * 1024 + 1), "too_large"),
    ],
)
def test_object_rejections(name, data, reason):
    limits = ReadLimits(max_object_bytes=4 * 1024 * 1024, max_inflated_bytes=1024 * 1024)
    with pytest.raises(Rejected) as info:
        expand_object(name, data, None, limits)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    "sidecar,reason",
    [
        (b"{not json", "bad_sidecar"),
        (b"[1, 2]", "bad_sidecar"),
        (b'{"url": "file:///etc/passwd"}', "bad_sidecar_url"),
        (b'{"url": "javascript:alert(1)"}', "bad_sidecar_url"),
        (b'{"url": "https://a.example/", "fetched_at": "yesterday"}', "bad_sidecar"),
    ],
)
def test_bad_sidecar_is_an_error_of_its_page(sidecar, reason):
    with pytest.raises(Rejected) as info:
        parse_sidecar(sidecar)
    assert info.value.reason == reason


def test_warc_response_records_become_pages():
    warc = make_warc(
        [
            ("https://www.yahoo.com/news/a.html", "text/html; charset=utf-8", b"<html><p>A</p></html>"),
            ("https://img.example/a.jpg", "image/jpeg", b"\xff\xd8\xff"),
            ("https://apnews.com/article/b", "text/html", b"<html><p>B</p></html>"),
        ]
    )
    pages = expand_object("gs://b/crawl.warc.gz", warc)
    assert [p.url for p in pages] == ["https://www.yahoo.com/news/a.html", "https://apnews.com/article/b"]
    assert [p.data for p in pages] == [b"<html><p>A</p></html>", b"<html><p>B</p></html>"]
    assert all(p.input_uri.startswith("gs://b/crawl.warc.gz#urn:uuid:") for p in pages)
    assert pages[0].fetched_at == datetime(2026, 11, 26, 3, 4, 5, tzinfo=timezone.utc)
    assert pages[0].header("content-type") == "text/html; charset=utf-8"


def test_warc_without_html_and_truncated_warc():
    with pytest.raises(Rejected) as info:
        expand_object("c.warc", make_warc([("https://x.example/a.jpg", "image/jpeg", b"\xff\xd8")], gz=False))
    assert info.value.reason == "warc_no_pages"
    warc = make_warc([("https://x.example/a", "text/html", b"<p>" + b"a" * 5000 + b"</p>")])
    with pytest.raises(Rejected) as info:
        expand_object("c.warc.gz", warc[: len(warc) // 2])
    assert info.value.reason == "truncated_gzip"


def test_page_names():
    assert [is_page_name(n) for n in ("a.html", "a.HTM", "a.txt.gz", "a.warc.gz", "a.html.meta.json", "README.md")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
