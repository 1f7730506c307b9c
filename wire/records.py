"""Typed, immutable records passed between stages.

Every stage takes and returns these frozen dataclasses; no bare dicts or
tuples cross a stage boundary. Lists are tuples so records stay hashable and
picklable on any Beam worker. `Article` mirrors the `articles/` table of the
output contract (wire/schema.py holds the matching pyarrow schema).
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import pickle
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(frozen=True)
class RawPage:
    """One raw object (or one WARC response record) before decoding."""

    input_uri: str  # path or gs:// URI; "<uri>#<record-id>" for a WARC record
    data: bytes
    url: str | None = None  # from the sidecar or the WARC target URI
    fetched_at: datetime | None = None  # UTC, from the sidecar or WARC-Date
    headers: tuple[tuple[str, str], ...] = ()  # HTTP headers, lower-cased names
    input_sha256: str = ""

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Page:
    """A decoded page: text plus the record of how it was decoded."""

    input_uri: str
    input_sha256: str
    text: str
    kind: str  # "html" or "text"
    charset: str
    charset_reason: str  # "bom", "http-header", "meta", "utf-8", "detected"
    url: str | None = None
    fetched_at: datetime | None = None
    headers: tuple[tuple[str, str], ...] = ()
    # `text` encoded as UTF-8, when decoding had it for free: the object's own bytes, for a page
    # that decoded as strict UTF-8 (most pages). The HTML parser reads these bytes, and a pickled
    # Page (the split child's pipe, Beam's coder) carries them in place of the text, so the text
    # is not encoded twice more on its way to libxml2 (0.13 + 0.11 ms of a 174 KB aeb page).
    # A copy with another text must drop it: dataclasses.replace(page, text=..., utf8=None).
    utf8: bytes | None = field(default=None, repr=False, compare=False)

    def __reduce__(self):
        # The compact pickle of Article's (below), carrying the bytes in place of the text.
        restore, values = _reduce_fields(self, _restore_page, _PAGE_TAG, _PAGE_VALUES, _PAGE_TIMES)
        if self.utf8 is not None:
            values = (*values[:_PAGE_TEXT], None, *values[_PAGE_TEXT + 1 :])  # decoded from utf8
        return restore, values


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str | None = None


@dataclass(frozen=True)
class TextRepair:
    field: str  # "headline", "summary", "paragraphs[3]", "captions[2].text", ...
    broken: str
    repaired: str
    method: str  # "ftfy:<plan>" or "swap:<encoded-as>/<decoded-as>"


@dataclass(frozen=True)
class InfoSource:
    name: str
    role: str  # "originator" or "aggregator"
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One article of a page: the main story or an embedded one."""

    uri: str
    role: str  # "main" or "embedded"
    position: int  # page order, main = 0
    representation: str  # "full" or "partial" (teaser card)
    input_uri: str
    input_sha256: str
    headline: str | None = None
    summary: str | None = None
    paragraphs: tuple[str, ...] = ()
    byline: str | None = None
    dateline: str | None = None
    provider: str | None = None
    is_wire: bool = False
    published_at: datetime | None = None
    updated_at: datetime | None = None
    source_url: str | None = None
    source_domain: str | None = None
    canonical_url: str | None = None
    section: str | None = None
    captions: tuple[Caption, ...] = ()
    parent_uri: str | None = None
    language: str = "und"
    language_score: float = 0.0
    declared_language: str | None = None  # <html lang> / og:locale: evidence only
    text_repairs: tuple[TextRepair, ...] = ()
    info_sources: tuple[InfoSource, ...] = ()
    story_id: str | None = None
    is_canonical: bool = True
    fetched_at: datetime | None = None
    charset: str | None = None
    charset_reason: str | None = None
    links_to: str | None = None  # a teaser's target URL

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    def replace(self, **changes) -> "Article":
        """dataclasses.replace, without running __init__ (which sets all 32 fields again through
        the frozen __setattr__): 1.9 against 8.4 us. Repair, language and dedup each replace
        articles; the same no-__post_init__ guard as _restore_fields applies (tests)."""
        unknown = changes.keys() - _ARTICLE_FIELD_SET
        if unknown:
            raise TypeError(f"Article has no field(s) {', '.join(sorted(unknown))}")
        new = object.__new__(Article)
        state = new.__dict__
        state.update(self.__dict__)
        state.update(changes)
        return new

    def __reduce__(self):
        # An Article is pickled on the split child's pipe, once more by dedup (its sealed copies)
        # and by Beam's coder at shuffles. The default pickle spells out the 32 field names and
        # pickles each datetime as three nested reduces (datetime, timezone, timedelta): ~2/3 of
        # its time. Field values in order, UTC datetimes as 10 bytes: dumps 10.7 -> 5.9 us,
        # loads 9.5 -> 6.3 us, 2,572 -> 2,112 bytes (mean of 1,036 golden articles).
        return _reduce_fields(self, _restore_article, _ARTICLE_TAG, _ARTICLE_VALUES, _ARTICLE_TIMES)


@dataclass(frozen=True)
class Sighting:
    uri: str
    story_id: str
    role: str
    input_uri: str
    source_url: str | None
    source_domain: str | None
    fetched_at: datetime | None
    similarity: float
    is_canonical: bool

    @classmethod
    def of(cls, article: "Article", story_id: str, similarity: float, is_canonical: bool) -> "Sighting":
        """The sighting of one copy: where the article was seen, and how it relates to its story."""
        return cls(
            uri=article.uri,
            story_id=story_id,
            role=article.role,
            input_uri=article.input_uri,
            source_url=article.source_url,
            source_domain=article.source_domain,
            fetched_at=article.fetched_at,
            similarity=round(similarity, 4),
            is_canonical=is_canonical,
        )

    def __reduce__(self):
        # Beam pickles Sightings at the shuffle to the writer; same reasons as Article's.
        return _reduce_fields(self, _restore_sighting, _SIGHTING_TAG, _SIGHTING_VALUES, _SIGHTING_TIMES)


# Compact pickles of Page, Article and Sighting: the field values in field order, each UTC datetime
# as bytes, behind a tag of the field names. Pickles live within one run (pipes, shuffles); one
# kept longer (streaming state across a pipeline update) by code with other fields is refused
# by the tag instead of read into the wrong fields. Pickles in the default format (copyreg,
# field dict) still load. The restore functions fill the instance dict directly: these
# dataclasses have no __post_init__ (a test guards it), so __init__ would only set the same
# fields again, through a frozen __setattr__ each (+2.5 us per Article).
_UTC = timezone.utc


def _pack_time(value):
    """A UTC datetime as its own 10-byte pickle state; anything else (None, naive, another
    offset, a subclass) as itself. Pickling the bytes saves ~4.5 us per datetime."""
    if value.__class__ is datetime and value.tzinfo is _UTC:
        return value.__reduce_ex__(4)[1][0]  # (datetime, (state, tzinfo)); the state keeps fold
    return value


def _unpack_time(value):
    if value.__class__ is bytes:
        return datetime(value, _UTC)  # the constructor datetime's own unpickling calls
    return value


def _reduce_fields(record, restore, tag, values_of, times):
    values = list(values_of(record.__dict__))
    for i in times:
        values[i] = _pack_time(values[i])
    return (restore, (tag, *values))


def _restore_fields(cls, names, tag, times, pickled_tag, values):
    if pickled_tag != tag:
        raise pickle.UnpicklingError(f"{cls.__name__} pickled by code with other fields (tag {pickled_tag}, ours {tag})")
    record = object.__new__(cls)
    state = record.__dict__
    state.update(zip(names, values))
    for i in times:
        name = names[i]
        state[name] = _unpack_time(state[name])
    return record


def _field_plan(cls, *times):
    names = tuple(f.name for f in dataclasses.fields(cls))
    tag = zlib.crc32(" ".join(names).encode())
    # itemgetter on the instance dict: 0.4 us for 32 fields, against 1.1 for getattr each.
    return names, tag, operator.itemgetter(*names), tuple(names.index(name) for name in times)


_PAGE_FIELDS, _PAGE_TAG, _PAGE_VALUES, _PAGE_TIMES = _field_plan(Page, "fetched_at")
_PAGE_TEXT = 1 + _PAGE_FIELDS.index("text")  # in the reduce values, after the tag
_ARTICLE_FIELDS, _ARTICLE_TAG, _ARTICLE_VALUES, _ARTICLE_TIMES = _field_plan(
    Article, "published_at", "updated_at", "fetched_at"
)
_SIGHTING_FIELDS, _SIGHTING_TAG, _SIGHTING_VALUES, _SIGHTING_TIMES = _field_plan(Sighting, "fetched_at")
_ARTICLE_FIELD_SET = frozenset(_ARTICLE_FIELDS)


def _restore_page(tag, *values) -> Page:
    page = _restore_fields(Page, _PAGE_FIELDS, _PAGE_TAG, _PAGE_TIMES, tag, values)
    if page.text is None:
        object.__setattr__(page, "text", page.utf8.decode("utf-8"))  # frozen: set once, while restoring
    return page


def _restore_article(tag, *values) -> Article:
    return _restore_fields(Article, _ARTICLE_FIELDS, _ARTICLE_TAG, _ARTICLE_TIMES, tag, values)


def _restore_sighting(tag, *values) -> Sighting:
    return _restore_fields(Sighting, _SIGHTING_FIELDS, _SIGHTING_TAG, _SIGHTING_TIMES, tag, values)


@dataclass(frozen=True)
class ErrorRecord:
    """A rejected input or record: the dead letter of a stage."""

    input_uri: str
    stage: str
    reason: str
    message: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Rejected(Exception):
    """Raised by pure functions for expected bad data; DoFns turn it into an ErrorRecord."""

    reason: str
    message: str = ""

    def __str__(self) -> str:
        return f"{self.reason}: {self.message}" if self.message else self.reason


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def article_uri(input_uri: str, input_sha256: str, role: str, position: int) -> str:
    """Stable article id: the same input bytes at the same place give the same uri on every run."""
    digest = sha256_hex(f"{input_uri}\x1f{input_sha256}\x1f{role}\x1f{position}")[:32]
    return f"urn:wire-ingest:article:{digest}"


def content_sha256(article: Article) -> str:
    parts = [article.headline or "", article.summary or "", *article.paragraphs]
    return sha256_hex("\x1e".join(parts))

