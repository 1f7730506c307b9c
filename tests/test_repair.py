"""wire/repair.py: golden repairs, a negative set that must stay unchanged, the seed page, properties."""

from __future__ import annotations

import json
import re
from pathlib import Path

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wire.records import Article, Caption, TextRepair
from wire.repair import get_lexicon, page_lexicon, repair, repair_article, repair_article_explained, repair_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "msn-mexico-us-security.txt"
FTFY_CASES = SHARED / "data" / "ftfy-cases"


@pytest.fixture(scope="module", autouse=True)
def lexicon():
    return get_lexicon()


def make_article(**fields) -> Article:
    base = dict(uri="urn:test:1", role="main", position=0, representation="full", input_uri="mem://page", input_sha256="0" * 64)
    base.update(fields)
    return Article(**base)


# (broken, repaired, method of the one audit entry)
GOLDEN = [
    # Latin-1 read as MacRoman: the seed's caption.
    (
        "Mexican President AndrÈs Manuel LÛpez Obrador speaks",
        "Mexican President Andrés Manuel López Obrador speaks",
        "swap:latin-1/mac-roman",
    ),
    # MacRoman read as Latin-1 leaves C1 controls; ftfy alone would make "conf’an".
    (
        "Habitantes de Coatl\x87n conf\x92an en proyecto de edil electo independiente",
        "Habitantes de Coatlán confían en proyecto de edil electo independiente",
        "swap:mac-roman/latin-1",
    ),
    # Latin-1 read as cp437.
    (
        "Der Fu\u2580ballverein aus M\u207fnchen spielt in der Stra\u2580e",
        "Der Fußballverein aus München spielt in der Straße",
        "swap:latin-1/cp437",
    ),
    # cp1250 read as cp1252 (Czech; 0x9d is undefined in cp1252 and stays a C1 control).
    (
        "pøíliš žlu\x9douèký kùò úpìl ïábelské ódy",
        "příliš žluťoučký kůň úpěl ďábelské ódy",
        "swap:cp1250/cp1252",
    ),
    # cp1251 read as KOI8-R, and cp1251 read as Latin-1.
    ("оПХБЕР, ЛХП! лНЯЙБЮ", "Привет, мир! Москва", "swap:cp1251/koi8-r"),
    ("Ïðåçèäåíò Ðîññèè ïðîâ¸ë âñòðå÷ó", "Президент России провёл встречу", "swap:cp1251/latin-1"),
    # UTF-8 read as MacRoman, too short for ftfy's whole-text heuristic.
    (
        "Sarai ricontattato dal nostro Esperto al pi√π presto.",
        "Sarai ricontattato dal nostro Esperto al più presto.",
        "swap:utf-8/mac-roman",
    ),
    # UTF-8 read as Latin-1: ftfy's own ground, recorded with its plan.
    ("Der MÃ¤rz war kalt", "Der März war kalt", "ftfy:encode:latin-1,decode:utf-8"),
]


@pytest.mark.parametrize("broken,repaired,method", GOLDEN)
def test_golden_repairs(broken, repaired, method):
    text, repairs = repair_text(broken)
    assert text == repaired
    assert [m for _, _, m in repairs] == [method]
    (b, r, _), = repairs
    assert b in broken and r in repaired and broken.replace(b, r, 1) == repaired


def test_golden_audit_entry_spans_the_broken_words_only():
    _, repairs = repair_text("Mexican President AndrÈs Manuel LÛpez Obrador speaks")
    assert repairs == [("AndrÈs Manuel LÛpez", "Andrés Manuel López", "swap:latin-1/mac-roman")]


NEGATIVE = [
    "Mexican President Andrés Manuel López Obrador speaks",
    "The café’s naïve “quote” — €5 at 3×4, 20°C, Apple™ and ©AP",
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Привет, мир! Москва — столица России.",
    "Ελληνικά: η γρήγορη καφέ αλεπού",
    "Straße, Ærøskøbing, Þórshöfn, Łódź, İstanbul, Nguyễn Phú Trọng",
    "Col·legi d’Advocats de Barcelona",
    "ÉCOLE NORMALE SUPÉRIEURE — TÜV SÜD",
    "l’homme qu’il aimait, dell’anno, don’t",
    "5‰ of 12 µg ± 3 ≤ 4 · π",
    "北京欢迎你 and 東京 and 서울",
    "مرحبا بالعالم",
    "Mr.\u00a0Smith met Oct.\u00a08 in Düsseldorf",
    "ﬁnance and ﬂow in PDF text",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_clean_text_is_unchanged(text):
    assert repair_text(text) == (text, [])


def test_ascii_fast_path():
    assert repair_text("Plain ASCII, nothing to do: 'quotes' -- dashes") == ("Plain ASCII, nothing to do: 'quotes' -- dashes", [])


def _ftfy_cases(name: str) -> list[dict]:
    return json.loads((FTFY_CASES / f"{name}.json").read_text(encoding="utf-8"))


def test_ftfy_negative_cases_unchanged_except_ftfys_own_processing():
    changed = []
    for case in _ftfy_cases("negative"):
        out = repair_text(case["original"])[0]
        if out not in (case["original"], ftfy.fix_encoding(case["original"])):
            changed.append(case["label"])
    assert changed == []


def test_ftfy_in_the_wild_cases_pass():
    cases = [c for c in _ftfy_cases("in-the-wild") if c["expect"] == "pass"]
    wrong = [c["label"] for c in cases if repair_text(c["original"])[0] != c.get("fixed-encoding", c["fixed"])]
    assert wrong == []


def test_page_lexicon_outweighs_frequency():
    # "Hruškovič" is in no word list: alone, its re-decoding only "looks Slavic"
    # and the token stays on doubt; the page spelling it right elsewhere settles it.
    broken = "Commissioner Hru\u0161kovi\u00e8 said"  # cp1250 read as cp1252
    assert repair_text(broken) == (broken, [])
    assert repair(broken).doubts == 1
    assert repair_text(broken, lexicon={"Hruškovič"}) == (
        "Commissioner Hruškovič said",
        [("Hruškoviè", "Hruškovič", "swap:cp1250/cp1252")],
    )


def test_repair_article_seed_caption():
    from wire.decode import decode_page
    from wire.ingest_io import read_local_file
    from wire.split import split_page

    (raw,) = read_local_file(str(SEED))
    articles = split_page(decode_page(raw))
    repaired = [repair_article(a) for a in articles]
    main_before, main_after = articles[0], repaired[0]
    assert main_after.text_repairs == (
        TextRepair("captions[2].text", "AndrÈs Manuel LÛpez", "Andrés Manuel López", "swap:latin-1/mac-roman"),
    )
    assert "Mexican President Andrés Manuel López Obrador and Foreign Minister" in main_after.captions[2].text
    # Nothing else on the page changes.
    assert main_after.replace(captions=main_before.captions, text_repairs=()) == main_before
    assert main_after.captions[:2] == main_before.captions[:2]
    assert main_after.captions[2].credit == main_before.captions[2].credit
    assert repaired[1:] == articles[1:]


def test_repair_article_fields_and_audit_names():
    article = make_article(
        headline="LÛpez Obrador visits Washington",
        summary="Clean summary",
        byline="By Mar\u00eda Verza",
        paragraphs=("First paragraph is clean.", "President AndrÈs Manuel LÛpez Obrador said so."),
        captions=(Caption("A caption about JosÈ", "AP Photo/Marco UgartÈ"),),
        text_repairs=(TextRepair("headline", "x", "y", "earlier"),),
    )
    result = repair_article_explained(article)
    out = result.article
    assert out.headline == "López Obrador visits Washington"
    assert out.paragraphs == ("First paragraph is clean.", "President Andrés Manuel López Obrador said so.")
    assert out.captions == (Caption("A caption about José", "AP Photo/Marco Ugarté"),)
    assert out.summary == "Clean summary" and out.byline == "By María Verza"
    assert out.text_repairs == (
        TextRepair("headline", "x", "y", "earlier"),
        TextRepair("headline", "LÛpez", "López", "swap:latin-1/mac-roman"),
        TextRepair("paragraphs[1]", "AndrÈs Manuel LÛpez", "Andrés Manuel López", "swap:latin-1/mac-roman"),
        TextRepair("captions[0].text", "JosÈ", "José", "swap:latin-1/mac-roman"),
        TextRepair("captions[0].credit", "UgartÈ", "Ugarté", "swap:latin-1/mac-roman"),
    )
    assert result.repairs == out.text_repairs[1:]


def test_clean_article_is_returned_as_is():
    article = make_article(headline="Mexico and US", paragraphs=("President Andrés Manuel López Obrador",))
    assert repair_article(article) is article


def test_page_lexicon_keeps_clean_words_only():
    words = page_lexicon(["Andrés Manuel López", "AndrÈs LÛpez", "plain ascii"])
    assert words == frozenset({"andrés", "lópez"})


def test_doubt_is_counted_not_guessed():
    # MacRoman "å" read as Latin-1 in a two-letter word: "på" is likely, but two
    # letters are too little evidence alone. Left alone (not turned into cp1252's
    # "pŒ" either), and counted.
    result = repair("We went p\x8c the way")
    assert (result.text, result.repairs, result.doubts) == ("We went p\x8c the way", (), 1)
    # The same word in a field whose codec pair is proven elsewhere is repaired.
    assert repair_text("Vi gick p\x8c dansen i G\x9ateborg och \x8ater") == (
        "Vi gick på dansen i Göteborg och äter",
        [("p\x8c dansen i G\x9ateborg och \x8ater", "på dansen i Göteborg och äter", "swap:mac-roman/latin-1")],
    )


_MOJIBAKE_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,'’“”-—")
    + [chr(c) for c in range(0x80, 0x100)]
    + list("ÈÛ·‡√π≤±▀┬┐ⁿΘПХБЕРЛ€™ﬂﬁ\u00a0\u0085")
)
_texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=_MOJIBAKE_ALPHABET, max_size=80),
    st.lists(st.sampled_from(["AndrÈs", "LÛpez", "Señor", "MÃ¤rz", "conf\x92an", "оПХБЕР", "pøíliš", "the", "café", "Ë", "\u00a0"]), max_size=8).map(" ".join),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_repair_never_raises_and_is_idempotent(text):
    once, repairs = repair_text(text)
    assert isinstance(once, str)
    assert repair_text(once)[0] == once
    for broken, repaired, method in repairs:
        assert re.fullmatch(r"(ftfy:.+|swap:[a-z0-9-]+/[a-z0-9-]+)", method)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_text_is_never_changed(text):
    assert repair_text(text) == (text, [])
