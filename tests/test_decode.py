"""Charset decisions: each rule of wire.decode, and the rejections."""

import codecs
import pickle

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


@pytest.mark.parametrize(
    "data, utf8",
    [
        (HTML_LATIN1.encode("utf-8"), True),  # strict UTF-8 under a stale label: the bytes are the text's UTF-8
        (HTML_LATIN1.encode("latin-1"), False),  # decoded as iso8859-1: its bytes are not
        (codecs.BOM_UTF8 + "<p>Zürich</p>".encode("utf-8"), False),  # the BOM is not in the text
    ],
)
def test_page_keeps_its_utf8_bytes_only_when_they_are_the_texts_encoding(data, utf8):
    page = decode_page(RawPage(input_uri="/x/a.html", data=data))
    assert page.utf8 == (data if utf8 else None)
    if utf8:
        assert page.utf8 == page.text.encode("utf-8")


def test_a_pickled_page_carries_its_utf8_bytes_in_place_of_the_text():
    text = "<html><body><p>Café " + "à Paris, " * 2000 + "</p></body></html>"
    page = decode_page(RawPage(input_uri="/x/a.html", data=text.encode("utf-8"), url="https://a.example/x"))
    latin = decode_page(RawPage(input_uri="/x/b.html", data=HTML_LATIN1.encode("latin-1")))
    shipped = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
    # One copy of the page: the bytes (the text is not pickled beside them).
    assert len(text.encode("utf-8")) < len(shipped) < len(text.encode("utf-8")) + 400
    for original in (page, latin):
        back = pickle.loads(pickle.dumps(original, pickle.HIGHEST_PROTOCOL))
        assert back == original
        assert (back.text, back.utf8) == (original.text, original.utf8)
