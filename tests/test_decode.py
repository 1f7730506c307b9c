"""Charset decisions: each rule of wire.decode, and the rejections."""

import codecs

import pytest

from wire.decode import decode_bytes, decode_page, sniff_kind
from wire.records import RawPage, Rejected

HTML_LATIN1 = '<html><head><meta charset="iso-8859-1"></head><body><p>Café à Paris</p></body></html>'


def test_bom_wins_over_everything():
    data = codecs.BOM_UTF8 + "<p>Zürich</p>".encode("utf-8")
    assert decode_bytes(data, "text/html; charset=iso-8859-1") == ("<p>Zürich</p>", "utf-8-sig", "bom")


def test_http_header_charset_is_used_when_it_decodes():
    data = "<p>Ça va</p>".encode("cp1252")
    assert decode_bytes(data, "text/html; charset=windows-1252") == ("<p>Ça va</p>", "cp1252", "http-header")


def test_meta_charset_is_used_for_a_real_latin1_page():
    text, charset, reason = decode_bytes(HTML_LATIN1.encode("latin-1"))
    assert (charset, reason) == ("iso8859-1", "meta")
    assert "Café à Paris" in text


def test_stale_single_byte_label_on_utf8_bytes_is_overruled():
    text, charset, reason = decode_bytes(HTML_LATIN1.encode("utf-8"))
    assert "Café à Paris" in text
    assert (charset, reason) == ("utf-8", "utf-8 (declared iso8859-1 by meta)")


def test_plain_utf8_without_declaration():
    assert decode_bytes("Año nuevo".encode("utf-8")) == ("Año nuevo", "utf-8", "utf-8")


def test_undeclared_single_byte_text_is_detected():
    text, charset, reason = decode_bytes(("Le café était très chaud, déjà servi. " * 20).encode("cp1252"))
    assert (charset, reason) == ("cp1252", "default-cp1252")
    assert "café était très" in text


def test_undeclared_cyrillic_single_byte_text_is_detected():
    text, charset, reason = decode_bytes(("Москва является столицей России и крупнейшим городом страны. " * 10).encode("cp1251"))
    assert (charset, reason) == ("cp1251", "detected")
    assert text.startswith("Москва является")


def test_undeclared_shift_jis_is_detected():
    text, charset, reason = decode_bytes(("東京は日本の首都であり、世界最大の都市の一つです。" * 10).encode("shift_jis"))
    assert reason == "detected"
    assert text.startswith("東京は日本の首都")


@pytest.mark.parametrize(
    "data,reason",
    [(b"", "empty"), (b"   \n\t ", "empty"), (b"\x00\x01\x02binary\x00" * 50, "binary"), (bytes(range(256)) * 4, "binary")],
)
def test_rejections(data, reason):
    with pytest.raises(Rejected) as info:
        decode_bytes(data)
    assert info.value.reason == reason


def test_decode_page_records_kind_and_provenance():
    raw = RawPage(input_uri="/x/a.html", data=b"<html><p>hi</p></html>", url="https://a.example/x", input_sha256="abc")
    page = decode_page(raw)
    assert (page.kind, page.charset, page.charset_reason, page.url, page.input_sha256) == (
        "html",
        "utf-8",
        "utf-8",
        "https://a.example/x",
        "abc",
    )


def test_sniff_kind():
    assert sniff_kind(b"MEXICO CITY (AP) - text only") == "text"
    assert sniff_kind(b"<!DOCTYPE html><html>") == "html"
    assert sniff_kind(b"plain", "text/html") == "html"
