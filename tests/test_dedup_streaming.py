"""transforms/dedup_streaming.py: StreamingDeduplicateStories on the streaming DirectRunner, driven by TestStream.

Each test feeds timestamped articles (in 5-minute fixed windows, as the
streaming job does) and asserts the exact articles / sightings / index rows
and the stage counters.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.test_stream import TestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import FixedWindows, TimestampedValue
from apache_beam.utils.timestamp import Timestamp

from tests.dedup_helpers import article, story
from transforms.dedup_streaming import StreamingDeduplicateStories
from wire import dedup as d
from wire.records import Article, InfoSource, Sighting

T0 = Timestamp.from_utc_datetime(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))
TODAY, LAST_NIGHT = "2026-11-27", "2026-11-26"
CONFIG = d.DedupConfig()
AP = "Associated Press"


pytestmark = pytest.mark.usefixtures("streaming_metrics")


def run(batches, expected, *, ttl=600, index_path=None, config=CONFIG, **kwargs):
    """batches: [(seconds after T0, [Article])]: the watermark moves to each time, then its articles arrive."""
    stream = TestStream()
    for seconds, articles in batches:
        stream = stream.advance_watermark_to(T0 + seconds).add_elements(
            [TimestampedValue(a, T0 + seconds) for a in articles])
    stream = stream.advance_watermark_to_infinity()
    options = PipelineOptions(["--runner=DirectRunner"])
    options.view_as(StandardOptions).streaming = True
    p = TestPipeline(options=options)
    out = (
        p
        | stream
        | beam.WindowInto(FixedWindows(300))
        | StreamingDeduplicateStories(config, index_path, ttl, **kwargs)
    )
    for name in ("articles", "sightings", "index"):  # back in the input's windows, for the windowed writes
        assert out[name].windowing.windowfn == FixedWindows(300)
    for name, rows in expected.items():
        got = out[name] | f"Short-{name}" >> beam.Map(_short)
        assert_that(got, equal_to([_short(r) for r in rows]), label=f"Check-{name}")
    result = p.run()
    result.wait_until_finish()
    metrics = result.metrics().query(MetricsFilter().with_namespace("DeduplicateStories"))["counters"]
    counters: dict[str, int] = {}
    for c in metrics:
        counters[c.key.metric.name] = counters.get(c.key.metric.name, 0) + c.committed
    return counters


def _digest(data) -> str:
    return hashlib.sha256(repr(data).encode()).hexdigest()[:12]


def _short(row):
    """A row with its bulky fields (signature, paragraphs) replaced by digests: still exact, readable on failure."""
    if isinstance(row, d.StoryIndexEntry):
        return dataclasses.replace(row, signature=_digest(row.signature))
    if isinstance(row, Article):
        return dataclasses.replace(row, paragraphs=_digest(row.paragraphs))
    return row


def copy_of(a):
    return d.prepare(a, CONFIG)


def new_story(a) -> str:
    """The story id a new story opened by `a` gets (batch's new_label -> story_id rule)."""
    return d.story_id_from_label(d.new_label(copy_of(a).node_id))


def sim(a, b) -> float:
    ca, cb = copy_of(a), copy_of(b)
    node = lambda c: d.Node(c.node_id, c.article.representation, c.fingerprint.signature,
                            c.fingerprint.shingle_count, "", True)
    return round(d.similarity(node(ca), node(cb)), 4)


def sighting(a, story_id, similarity, canonical):
    return Sighting(a.uri, story_id, a.role, a.input_uri, a.source_url, a.source_domain, a.fetched_at,
                    similarity, canonical)


def index_row(a, story_id, canonical, date=TODAY):
    c = copy_of(a)
    return d.StoryIndexEntry(story_id, c.node_id, c.fingerprint.exact_key, a.representation, CONFIG.scheme,
                             c.fingerprint.signature, c.fingerprint.shingle_count, c.fingerprint.word_count,
                             a.uri, a.source_domain, canonical, date)


def src(domain, uri, role="aggregator", name=None):
    return InfoSource(name or domain, role, f"https://{domain}/{uri}")


BODY = story(500, paragraphs=8)
A_AP = article("a-ap", BODY, "apnews.com")
A_MSN = article("a-msn", ["By Jane Doe, Associated Press", *BODY[:6]], "www.msn.com")
A_YAHOO = article("a-yahoo", BODY[:4] + story(600, 2) + BODY[4:], "news.yahoo.com")


@pytest.mark.parametrize("mode", ["drop", "mark"])
def test_a_repeat_within_the_ttl_is_a_sighting_of_the_first_copy(mode):
    s = new_story(A_AP)
    origin = src("apnews.com", "a-ap", "originator", AP)
    canonical = A_AP.replace(story_id=s, is_canonical=True, info_sources=(origin,))
    if mode == "drop":
        articles = [canonical]
    else:  # every copy kept; info_sources list the carriers seen up to that copy
        articles = [
            canonical,
            A_MSN.replace(story_id=s, is_canonical=False, info_sources=(origin, src("www.msn.com", "a-msn"))),
            A_YAHOO.replace(story_id=s, is_canonical=False, info_sources=(
                origin, src("news.yahoo.com", "a-yahoo"), src("www.msn.com", "a-msn"))),
        ]
    expected = {
        "articles": articles,
        "sightings": [
            sighting(A_AP, s, 1.0, True),
            sighting(A_MSN, s, sim(A_MSN, A_AP), False),
            # the best verified similarity to any remembered copy of the story
            sighting(A_YAHOO, s, max(sim(A_YAHOO, A_AP), sim(A_YAHOO, A_MSN)), False),
        ],
        "index": [index_row(A_AP, s, True), index_row(A_MSN, s, False), index_row(A_YAHOO, s, False)],
    }
    counters = run([(0, [A_AP]), (60, [A_MSN]), (120, [A_YAHOO])], expected, ttl=600, config=d.DedupConfig(mode=mode))
    assert sim(A_MSN, A_AP) == 1.0 and sim(A_YAHOO, A_AP) < 1.0  # the yahoo copy is a real near-duplicate
    assert counters == {
        "passed": 3, "sightings": 3, "canonical": 1, "duplicates": 2, "index_entries_written": 3,
        # every remembered (key, text) pair and story expires at the latest when the stream drains:
        # 3 distinct texts x (1 node key + 64 band keys)
        "state_expired": 3 * (1 + CONFIG.bands), "stories_expired": 1,
    }


B_BODY = story(510, paragraphs=8)
B_AP = article("b-ap", B_BODY, "apnews.com")
B_YAHOO = article("b-yahoo", B_BODY[:4] + story(610, 1) + B_BODY[4:], "news.yahoo.com")
B_MSN = article("b-msn", ["By Jane Doe, Associated Press", *B_BODY[:6]], "www.msn.com")
X_BODY = story(520, paragraphs=8)
X_AP = article("x-ap", X_BODY, "apnews.com")  # last night's batch indexed it
X_MSN = article("x-msn", X_BODY[:6], "www.msn.com")
X_AOL = article("x-aol", X_BODY[:5], "www.aol.com")


def _write_index(root, entries, date):
    folder = root / "_index" / "stories" / f"ingest_date={date}"
    folder.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([d.to_row(e) for e in entries], schema=d.STORY_INDEX_SCHEMA),
                   folder / "part-00000-of-00001.parquet")
    return str(root / "_index" / "stories")


@pytest.mark.parametrize("ttl, canonical_for_indexed", [(600, False), (600, True), (7200, False)])
def test_after_the_ttl_the_state_is_cleared_and_the_index_keeps_the_story_id(tmp_path, ttl, canonical_for_indexed):
    night1 = d.deduplicate([X_AP], CONFIG, LAST_NIGHT)
    x = night1.index[0].story_id
    index_path = _write_index(tmp_path, night1.index, LAST_NIGHT)
    b, b_after = new_story(B_AP), new_story(B_MSN)
    assert len({x, b, b_after}) == 3
    expired = ttl < 2000  # the watermark passes 120 s + ttl before the last batch at 2000 s
    b_msn_story = b_after if expired else b
    articles = [B_AP.replace(story_id=b, is_canonical=True, info_sources=(src("apnews.com", "b-ap", "originator", AP),))]
    if expired:  # the story was forgotten: the msn copy opens a new story with a new canonical row
        articles.append(B_MSN.replace(story_id=b_after, is_canonical=True, info_sources=(
            InfoSource(AP, "originator"), src("www.msn.com", "b-msn"))))
    x_canonical = {"x-msn": canonical_for_indexed, "x-aol": canonical_for_indexed and expired}
    if canonical_for_indexed:
        articles.append(X_MSN.replace(story_id=x, is_canonical=True, info_sources=(
            InfoSource(AP, "originator"), src("www.msn.com", "x-msn"))))
        if expired:  # a new canonical row after expiry, but under the index's story id
            articles.append(X_AOL.replace(story_id=x, is_canonical=True, info_sources=(
                InfoSource(AP, "originator"), src("www.aol.com", "x-aol"))))
    expected = {
        "articles": articles,
        "sightings": [
            sighting(X_MSN, x, sim(X_MSN, X_AP), x_canonical["x-msn"]),
            sighting(B_AP, b, 1.0, True),
            sighting(B_YAHOO, b, sim(B_YAHOO, B_AP), False),
            sighting(X_AOL, x, sim(X_AOL, X_AP), x_canonical["x-aol"]),
            sighting(B_MSN, b_msn_story, 1.0 if expired else max(sim(B_MSN, B_AP), sim(B_MSN, B_YAHOO)), expired),
        ],
        "index": [
            index_row(X_MSN, x, x_canonical["x-msn"]),
            index_row(B_AP, b, True),
            index_row(B_YAHOO, b, False),
            index_row(X_AOL, x, x_canonical["x-aol"]),
            index_row(B_MSN, b_msn_story, expired),
        ],
    }
    batches = [(0, [X_MSN, B_AP]), (120, [B_YAHOO]), (2000, [B_MSN, X_AOL])]
    counters = run(batches, expected, ttl=ttl, index_path=index_path, canonical_for_indexed=canonical_for_indexed)
    canonical = len(articles)
    assert counters.pop("index_entries_read") >= 1  # once per worker (DoFn instance) that loaded the index
    assert counters == {
        "passed": 5, "sightings": 5, "canonical": canonical, "duplicates": 5 - canonical,
        "matched_index": 2, "index_entries_written": 5,
        # 5 distinct texts, each remembered on 1 + 64 keys; with ttl=600 the first three expire mid-stream
        "state_expired": 5 * (1 + CONFIG.bands),
        # expired: X and B at ~720 s, X again and B-msn's story at the end; else X and B at the end
        "stories_expired": 4 if expired else 2,
    }


def test_different_stories_stay_apart():
    background = story(700, 2)
    bg_a = article("bg-a", story(701, 6) + background, "apnews.com")
    bg_b = article("bg-b", story(702, 5) + background, "apnews.com")  # shares a background paragraph with bg-a
    other = article("other", story(703, 8), "apnews.com")
    short = article("short", story(704, 1, 30), "apnews.com")  # under 50 words: exact matches only
    short_more = article("short-more", story(704, 1, 30) + ["One more line."], "www.msn.com")
    short_again = article("short-again", story(704, 1, 30), "www.aol.com")  # the same words elsewhere
    arts = [bg_a, bg_b, other, short, short_more]
    stories = {a.uri: new_story(a) for a in arts}
    assert len(set(stories.values())) == 5
    def sources(a):  # a copy on the wire's own site is the originator; elsewhere the site is an aggregator
        if a.source_domain == "apnews.com":
            return (src("apnews.com", a.uri, "originator", AP),)
        return (InfoSource(AP, "originator"), src(a.source_domain, a.uri))

    expected = {
        "articles": [a.replace(story_id=stories[a.uri], is_canonical=True, info_sources=sources(a)) for a in arts],
        "sightings": [sighting(a, stories[a.uri], 1.0, True) for a in arts]
        + [sighting(short_again, stories["short"], 1.0, False)],
        "index": [index_row(a, stories[a.uri], True) for a in arts],  # short-again's text is remembered
    }
    counters = run([(0, [bg_a, other, short]), (60, [bg_b, short_more]), (120, [short_again])], expected)
    assert counters["canonical"] == 5 and counters["duplicates"] == 1 and counters["sightings"] == 6


def test_teasers_never_merge_with_full_articles():
    full = article("full", BODY, "apnews.com")
    # a teaser card carrying the very same text, and the same card on another page
    card = article("card", BODY, "www.msn.com", representation="partial", role="embedded", headline="Teaser")
    card_again = card.replace(uri="card-2", input_uri="gs://raw/card-2.html", source_domain="www.aol.com",
                              source_url="https://www.aol.com/card-2")
    short_full = article("short-full", ["Officials said on Friday the vote would go ahead."], "apnews.com")
    short_card = article("short-card", ["Officials said on Friday the vote would go ahead."], "www.msn.com",
                         representation="partial", role="embedded")
    f, c, sf, sc = (new_story(a) for a in (full, card, short_full, short_card))
    assert len({f, c, sf, sc}) == 4
    expected = {
        "articles": [
            full.replace(story_id=f, is_canonical=True, info_sources=(src("apnews.com", "full", "originator", AP),)),
            card.replace(story_id=c, is_canonical=True, info_sources=(InfoSource(AP, "originator"), src("www.msn.com", "card"))),
            short_full.replace(story_id=sf, is_canonical=True, info_sources=(src("apnews.com", "short-full", "originator", AP),)),
            short_card.replace(story_id=sc, is_canonical=True, info_sources=(InfoSource(AP, "originator"), src("www.msn.com", "short-card"))),
        ],
        "sightings": [
            sighting(full, f, 1.0, True), sighting(card, c, 1.0, True), sighting(card_again, c, 1.0, False),
            sighting(short_full, sf, 1.0, True), sighting(short_card, sc, 1.0, True),
        ],
        "index": [index_row(full, f, True), index_row(card, c, True), index_row(short_full, sf, True),
                  index_row(short_card, sc, True)],
    }
    counters = run([(0, [full, short_full]), (60, [card, short_card]), (120, [card_again])], expected)
    assert counters["canonical"] == 4 and counters["duplicates"] == 1
