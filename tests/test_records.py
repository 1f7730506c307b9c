"""Records pickle to compact tuples (wire/records.py): the round trip must give back the same object."""

import copy
import copyreg
import dataclasses
import io
import pickle
from datetime import datetime, timedelta, timezone

import pytest

from wire.records import Article, Caption, InfoSource, Page, Sighting, TextRepair

UTC = datetime(2024, 3, 5, 7, 9, 11, 123456, tzinfo=timezone.utc)
NAIVE = datetime(2024, 3, 5, 7, 9, 11, 5)
IST = datetime(2024, 3, 5, 12, 39, 11, tzinfo=timezone(timedelta(hours=5, minutes=30)))
NAMED_UTC = datetime(2024, 3, 5, 7, 9, 11, tzinfo=timezone(timedelta(0), "GMT"))
TIMES = [UTC, NAIVE, IST, NAMED_UTC, None, UTC.replace(fold=1)]


def _full(published_at, updated_at, fetched_at) -> Article:
    """An Article with every field set to a non-default value."""
    return Article(
        uri="urn:wire-ingest:article:0123",
        role="embedded",
        position=3,
        representation="partial",
        input_uri="gs://bucket/page.html#rec-1",
        input_sha256="ab" * 32,
        headline="Héadline",
        summary="A summary",
        paragraphs=("One.", "Two — ünïcode."),
        byline="By A. Writer",
        dateline="PARIS",
        provider="AFP",
        is_wire=True,
        published_at=published_at,
        updated_at=updated_at,
        source_url="https://example.com/a",
        source_domain="example.com",
        canonical_url="https://example.com/a?c",
        section="World",
        captions=(Caption("A photo", "Credit"), Caption("Another")),
        parent_uri="urn:wire-ingest:article:main",
        language="fr",
        language_score=0.875,
        declared_language="fr-FR",
        text_repairs=(TextRepair("headline", "HÃ©adline", "Héadline", "ftfy:x"),),
        info_sources=(InfoSource("AFP", "originator", "https://afp.com"),),
        story_id="story-1",
        is_canonical=False,
        fetched_at=fetched_at,
        charset="utf-8",
        charset_reason="meta",
        links_to="https://example.com/b",
    )


def _minimal() -> Article:
    return Article(uri="u", role="main", position=0, representation="full", input_uri="i", input_sha256="s")


def _same(a, b) -> None:
    """Equal, and every field of the same type; datetimes with the same value, tzinfo and fold."""
    assert type(b) is type(a)
    assert b == a
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert type(y) is type(x), f.name
        assert y == x, f.name
        if isinstance(x, datetime):
            assert (y.tzinfo, y.utcoffset(), y.fold) == (x.tzinfo, x.utcoffset(), x.fold), f.name
            assert repr(y) == repr(x), f.name
            if x.tzinfo is timezone.utc:
                assert y.tzinfo is timezone.utc, f.name
            if x.tzinfo is None:
                assert y.tzinfo is None, f.name


def _round_trip(obj, protocol=pickle.HIGHEST_PROTOCOL):
    return pickle.loads(pickle.dumps(obj, protocol))


@pytest.mark.parametrize("when", TIMES, ids=["utc", "naive", "+05:30", "named-utc", "none", "utc-fold"])
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_full_article_comes_back_exactly(when, protocol):
    article = _full(when, when, when)
    _same(article, _round_trip(article, protocol))


def test_an_article_with_mixed_times_keeps_each():
    article = _full(IST, None, UTC)
    back = _round_trip(article)
    _same(article, back)
    assert back.published_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert back.updated_at is None
    assert back.fetched_at.tzinfo is timezone.utc


def test_an_article_with_defaults_comes_back_exactly():
    article = _minimal()
    back = _round_trip(article)
    _same(article, back)
    assert back.published_at is None and back.fetched_at is None
    assert hash(back) == hash(article)


class Stamp(datetime):
    """A datetime subclass (as pandas' Timestamp is): pickled as itself, never as a datetime."""


def test_a_datetime_subclass_is_not_packed():
    when = Stamp(2024, 1, 2, tzinfo=timezone.utc)
    back = _round_trip(_full(when, None, None))
    assert type(back.published_at) is Stamp and back.published_at == when


class _DefaultPickler(pickle.Pickler):
    """Pickles Article and Sighting as a dataclass without __reduce__ is: class, then field dict."""

    def reducer_override(self, obj):
        if type(obj) in (Article, Sighting):
            return (copyreg.__newobj__, (type(obj),), dict(obj.__dict__))
        return NotImplemented


def _default_pickle(record) -> bytes:
    buffer = io.BytesIO()
    _DefaultPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(record)
    return buffer.getvalue()


def test_the_compact_pickle_is_smaller_than_the_default():
    article = _full(UTC, UTC, UTC)
    assert len(pickle.dumps(article, pickle.HIGHEST_PROTOCOL)) < len(_default_pickle(article))


def test_copy_replace_and_deepcopy_still_work():
    article = _full(UTC, NAIVE, IST)
    _same(article, copy.copy(article))
    _same(article, copy.deepcopy(article))
    changed = article.replace(story_id="other", is_canonical=True)
    assert (changed.story_id, changed.is_canonical) == ("other", True)
    _same(article.replace(story_id="story-1", is_canonical=False), article)
    unpickled = _round_trip(article)
    _same(changed, unpickled.replace(story_id="other", is_canonical=True))
    _same(dataclasses.replace(unpickled, language="de"), dataclasses.replace(article, language="de"))
    _same(article.replace(language="de", headline="H"), dataclasses.replace(article, language="de", headline="H"))
    assert article.replace() == article and article.replace() is not article
    with pytest.raises(TypeError, match="Article has no field"):
        article.replace(languag="de")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.replace(language="de").language = "fr"


def test_an_unpickled_article_is_still_frozen():
    back = _round_trip(_minimal())
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.headline = "x"


def test_a_pickle_in_the_default_format_still_loads():
    """Pickles written before the compact format (copyreg + field dict) load unchanged."""
    for record in (_full(UTC, None, IST), Sighting.of(_full(None, None, UTC), "s", 0.5, True)):
        _same(record, pickle.loads(_default_pickle(record)))


@pytest.mark.parametrize("when", TIMES, ids=["utc", "naive", "+05:30", "named-utc", "none", "utc-fold"])
def test_a_sighting_comes_back_exactly(when):
    sighting = Sighting.of(_full(None, None, when), "story-1", 0.912345, False)
    _same(sighting, _round_trip(sighting))
    _same(sighting, copy.copy(sighting))


@pytest.mark.parametrize("when", TIMES, ids=["utc", "naive", "+05:30", "named-utc", "none", "utc-fold"])
@pytest.mark.parametrize("utf8", [True, False])
def test_a_page_keeps_its_fetch_time(when, utf8):
    text = "<p>héllo</p>"
    page = Page("in", "sha", text, "html", "utf-8", "meta", url="u", fetched_at=when,
                utf8=text.encode("utf-8") if utf8 else None)
    back = _round_trip(page)
    _same(page, back)
    assert back.utf8 == page.utf8


@pytest.mark.parametrize("cls", [Page, Article, Sighting])
def test_restore_skips_init_only_while_init_only_sets_fields(cls):
    """_restore_fields fills the instance dict without __init__: a __post_init__ would be skipped."""
    assert not hasattr(cls, "__post_init__")
    assert all(f.init for f in dataclasses.fields(cls))


def test_a_pickle_made_by_code_with_other_fields_is_refused_not_misread():
    article = _minimal()
    restore, args = article.__reduce__()
    other_tag = args[0] ^ 1  # what a tag over another field list looks like
    with pytest.raises(pickle.UnpicklingError, match="Article pickled by code with other fields"):
        restore(other_tag, *args[1:])
    assert restore(*args) == article
