"""StreamingDeduplicateStories: the dedup stage for an unbounded, windowed pipeline.

Input: PCollection[Article], timestamped (event time = the object's creation
time), in fixed windows or in the global window with triggers. Output: the
same dict as the batch `DeduplicateStories` (transforms/dedup.py), each in
the input's windowing again, each element at its article's event time:
- "articles": Article with story_id / is_canonical / info_sources set
  (mode "drop": the canonical copies only; mode "mark": every copy);
- "sightings": wire.records.Sighting, exactly one per input article;
- "index": wire.dedup.StoryIndexEntry, one per text not remembered yet
  (ingest_date = the article's event date, for `_index/stories/ingest_date=`).

Dead letters: none (deduplication never rejects a record).
Counters (namespace `DeduplicateStories`, as the batch stage): `passed`
(articles in), `canonical`, `duplicates`, `sightings`, `matched_index`
(copies of a story of the cross-run index), `index_entries_read` (per
worker load), `index_entries_written`, `state_expired` (remembered
(key, text) entries dropped by the expiry timer), `stories_expired`
(per-story states dropped by their timer).

Graph (the batch stage's CoGroupByKeys, global connected components and
ToList cannot run on an unbounded input; these steps are all per element or
keyed state, in the global window so that memory outlives the output windows):
  ToGlobalWindow  re-window, keeping each article's timestamp
  Fingerprint     Article -> (key, Probe) for its node key and each LSH band key,
                  and (uri, copy); the cross-run index is loaded once per worker
                  (DoFn.setup) and matched here, so a story of last night's
                  batch keeps its story_id
  ProbeBands      stateful, keyed by band key: verify against the nodes
                  remembered on the key, remember this one; an event-time
                  timer drops nodes not seen for `state_ttl_s`
  JoinAnswers     stateful, keyed by article uri: waits for the copy and one
                  answer per key, then chooses the story (wire.dedup_stream.choose_story)
  ResolveStories  stateful, keyed by story_id: first copy seen is canonical,
                  info_sources from the copies seen so far, sighting and index rows;
                  the same timer drops the story after `state_ttl_s`
  Rewindow        back to the input's windowing for the windowed writes

Consistent (deterministic for a given arrival order, and the same rules as batch):
- a copy verified against a remembered copy (estimated containment >=
  threshold, same representation: teasers never merge with full articles,
  texts under `min_words_for_fuzzy` words exact only) joins its story;
- a new story's id comes from its node (batch's new_label -> story_id rule),
  so an exact repeat of a text gets the same story_id even after expiry;
- a copy of a story in the cross-run index gets that story_id (smallest id
  among the index stories it verifies against, as batch), before and after
  expiry; by default it is a sighting only (its canonical row was written on
  the night it was indexed), as in batch; `canonical_for_indexed=True`
  instead makes the first copy seen by this state canonical;
- exactly one canonical row per story_id per state lifetime: the first copy
  that reaches the story's state; every copy gets one sighting row.

Best-effort (what a stream cannot know):
- "first seen" is arrival order at each keyed state; when copies race through
  different keys, the story with the earliest event time wins (ties: the
  smallest id), so racing copies agree. A late copy (event time before the
  story's first copy, arriving after it) opens its own story instead of
  joining: two story ids, each with its canonical row.
- a copy remembered on a band where it matched nothing is remembered under
  its own story id even if it joined another story through other bands; a
  later copy that shares only those bands joins that orphan id (LSH makes
  this rare for real copies: 64 bands of 2 rows).
- memory is per key and per story and lasts `state_ttl_s` of event time after
  the last copy seen; after that a non-indexed story that reappears (with a
  different text) gets a new story_id and a new canonical row; when the
  pipeline drains (watermark to +inf) every state expires.
- info_sources grow only across sightings: the canonical row carries the
  sources seen up to its arrival (usually itself); the sightings table lists
  every carrier. Canonical policy (wire site first, ...) is not applied
  across time: the first copy is canonical.
- the cross-run index is read once per worker: stories indexed after the
  worker started are not seen until it restarts.

Cost: per article, 1 + config.bands keyed probes of about
num_perm * 4 bytes; per key at most `config.bucket_cap` remembered nodes;
nothing holds more than one key's, one article's or one story's state.
"""

from __future__ import annotations

import typing

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms import userstate
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.window import GlobalWindows
from apache_beam.utils.timestamp import Timestamp

from wire import dedup as d
from wire import dedup_stream as ds
from wire.records import Article, Sighting

STAGE = d.STAGE
SIGHTINGS = "sightings"
INDEX = "index"
COPIES = "copies"


# State and timer specs, and their DoFn parameters as module singletons (Beam's idiom, ruff B008).
_NODES = userstate.ReadModifyWriteStateSpec("nodes", PickleCoder())
_NODES_EXPIRY = userstate.TimerSpec("nodes_expiry", TimeDomain.WATERMARK)
_PARTS = userstate.BagStateSpec("parts", PickleCoder())
_STORY = userstate.ReadModifyWriteStateSpec("story", PickleCoder())
_STORY_EXPIRY = userstate.TimerSpec("story_expiry", TimeDomain.WATERMARK)
NODES_STATE = beam.DoFn.StateParam(_NODES)
NODES_TIMER = beam.DoFn.TimerParam(_NODES_EXPIRY)
PARTS_STATE = beam.DoFn.StateParam(_PARTS)
STORY_STATE = beam.DoFn.StateParam(_STORY)
STORY_TIMER = beam.DoFn.TimerParam(_STORY_EXPIRY)
TIMESTAMP = beam.DoFn.TimestampParam


# Typed keys give the stateful steps deterministic key coders (bytes / str, not pickled objects).
_KeyedByStr = tuple[str, typing.Any]


def _counter(name: str):
    return beam.metrics.Metrics.counter(STAGE, name)


def _micros(ts) -> int:
    return int(Timestamp.of(ts).micros)


class _Fingerprint(beam.DoFn):
    """Article -> (key, Probe) per key; tagged (uri, ("copy", Copy, n_keys, index match, event time us))."""

    def __init__(self, config: d.DedupConfig, index_path: str | None, index_before_date: str | None) -> None:
        self.config = config
        self.index_path = index_path
        self.index_before_date = index_before_date
        self.passed = _counter("passed")
        self.read = _counter("index_entries_read")
        self.index: ds.IndexMatcher | None = None
        self._loaded = 0

    def setup(self) -> None:
        entries = d.load_story_index(self.index_path, self.index_before_date, self.config.scheme)
        self.index = ds.IndexMatcher(entries, self.config)
        self._loaded = len(entries)

    def start_bundle(self) -> None:
        if self._loaded:
            # Counters cannot be bumped in setup(); report the load with the first bundle.
            self.read.inc(self._loaded)
            self._loaded = 0

    def process(self, article: Article, timestamp=TIMESTAMP):
        copy = d.prepare(article, self.config)
        prior = self.index.match(copy) if self.index is not None and len(self.index) else None
        keys = ds.probe_keys(copy, self.config)
        ts = _micros(timestamp)
        probe = ds.make_probe(copy, ts, prior[0] if prior else None)
        self.passed.inc()
        yield beam.pvalue.TaggedOutput(COPIES, (article.uri, ("copy", copy, len(keys), prior, ts)))
        for key in keys:
            yield key, probe


class _ProbeBands(beam.DoFn):
    """(key, Probe) -> (uri, ("answer", BandAnswer)); remembers nodes per key until they expire."""

    def __init__(self, config: d.DedupConfig, ttl_us: int) -> None:
        self.config = config
        self.ttl_us = ttl_us
        self.expired = _counter("state_expired")

    def process(self, element, nodes=NODES_STATE, expiry=NODES_TIMER):
        key, probe = element
        remembered = nodes.read() or []
        answer, remembered = ds.probe_band(key, probe, remembered, self.config, self.ttl_us)
        if remembered:
            nodes.write(remembered)
            expiry.set(Timestamp(micros=ds.next_expiry(remembered)))
        yield probe.uri, ("answer", answer)

    @userstate.on_timer(_NODES_EXPIRY)
    def on_expiry(self, nodes=NODES_STATE, expiry=NODES_TIMER, fired=TIMESTAMP):
        alive, dropped = ds.expire(nodes.read() or [], _micros(fired))
        self.expired.inc(dropped)
        if alive:
            nodes.write(alive)
            expiry.set(Timestamp(micros=ds.next_expiry(alive)))
        else:
            nodes.clear()


class _JoinAnswers(beam.DoFn):
    """(uri, copy | answer) -> (story_id, Decision) once the copy and every key's answer are in."""

    def process(self, element, parts=PARTS_STATE):
        _, part = element
        parts.add(part)
        items = list(parts.read())
        copies = [p for p in items if p[0] == "copy"]
        if not copies:
            return
        _, copy, n_keys, prior, ts = copies[0]
        answers: dict[bytes, ds.BandAnswer] = {}
        for p in items:
            if p[0] == "answer":
                answers.setdefault(p[1].key, p[1])  # a redelivered article may answer a key twice
        if len(answers) < n_keys:
            return
        parts.clear()
        decision = ds.choose_story(copy, ts, prior, [answers[k] for k in sorted(answers)])
        yield decision.story_id, decision


class _ResolveStories(beam.DoFn):
    """(story_id, Decision) -> Article, tagged Sighting and StoryIndexEntry; one canonical per story."""

    MAX_SOURCES = 1000  # a story carried by more sites keeps its first 1000 for info_sources

    def __init__(self, config: d.DedupConfig, ttl_us: int, canonical_for_indexed: bool) -> None:
        self.config = config
        self.ttl_us = ttl_us
        self.canonical_for_indexed = canonical_for_indexed
        self.counters = {
            name: _counter(name)
            for name in ("canonical", "duplicates", "sightings", "matched_index", "index_entries_written")
        }
        self.expired = _counter("stories_expired")

    def process(self, element, story=STORY_STATE, expiry=STORY_TIMER):
        story_id, decision = element
        c = self.counters
        # state: (canonical uri or None, slim copies seen, expires_us)
        canonical_uri, seen, expires = story.read() or (None, (), 0)
        article = decision.copy.article
        if canonical_uri is None and (decision.kind != ds.KIND_INDEX or self.canonical_for_indexed):
            canonical_uri = article.uri
        is_canonical = canonical_uri == article.uri
        slim = ds.slim(decision.copy)
        if all(s.article.uri != article.uri for s in seen) and len(seen) < self.MAX_SOURCES:
            seen = (*seen, slim)
        expires = max(expires, decision.timestamp_us + self.ttl_us)
        story.write((canonical_uri, seen, expires))
        expiry.set(Timestamp(micros=expires))

        canonical_copy = next((s for s in seen if s.article.uri == canonical_uri), None)
        sources = d.info_sources(seen, canonical_copy or d.choose_canonical(seen, self.config.policy), self.config.policy)
        if is_canonical or self.config.mode == "mark":
            yield article.replace(story_id=story_id, is_canonical=is_canonical, info_sources=sources)
        yield beam.pvalue.TaggedOutput(
            SIGHTINGS,
            Sighting.of(article, story_id, decision.similarity, is_canonical),
        )
        if not decision.node_known:
            date = Timestamp(micros=decision.timestamp_us).to_utc_datetime().strftime("%Y-%m-%d")
            c["index_entries_written"].inc()
            yield beam.pvalue.TaggedOutput(INDEX, ds.index_entry(decision, is_canonical, self.config.scheme, date))
        c["sightings"].inc()
        c["canonical" if is_canonical else "duplicates"].inc()
        if decision.kind == ds.KIND_INDEX:
            c["matched_index"].inc()

    @userstate.on_timer(_STORY_EXPIRY)
    def on_expiry(self, story=STORY_STATE, expiry=STORY_TIMER, fired=TIMESTAMP):
        state = story.read()
        if state is None:
            return
        if state[2] > _micros(fired):
            expiry.set(Timestamp(micros=state[2]))  # seen again since the timer was set
            return
        story.clear()
        self.expired.inc()


def _rewindow(windowing, label: str):
    return label >> beam.WindowInto(
        windowing.windowfn,
        trigger=windowing.triggerfn,
        accumulation_mode=windowing.accumulation_mode,
        timestamp_combiner=windowing.timestamp_combiner,
        allowed_lateness=windowing.allowed_lateness,
    )


class StreamingDeduplicateStories(beam.PTransform):
    """PCollection[Article] -> {"articles", "sightings", "index"} (see the module docstring).

    `index_path`: the cross-run index folder (`<output>/_index/stories`), or
    None for config.index_path / no index; `state_ttl_s`: event-time seconds a
    story is remembered after its last copy; `index_before_date`: load only
    index nights before this date (None: all).
    """

    def __init__(
        self,
        config: d.DedupConfig,
        index_path: str | None,
        state_ttl_s: int,
        *,
        index_before_date: str | None = None,
        canonical_for_indexed: bool = False,
    ) -> None:
        super().__init__()
        if state_ttl_s <= 0:
            raise ValueError("state_ttl_s must be positive")
        self.config = config
        self.index_path = index_path if index_path is not None else config.index_path
        self.ttl_us = int(state_ttl_s) * 1_000_000
        self.index_before_date = index_before_date
        self.canonical_for_indexed = canonical_for_indexed

    def expand(self, articles):
        config = self.config
        windowing = articles.windowing
        fingerprints = (
            articles
            | "ToGlobalWindow" >> beam.WindowInto(GlobalWindows())
            | "Fingerprint" >> beam.ParDo(_Fingerprint(config, self.index_path, self.index_before_date))
            .with_output_types(tuple[bytes, ds.Probe])
            .with_outputs(COPIES, main="probes")
        )
        # probes: (key, Probe) per node / band key; copies: (uri, ("copy", Copy, n_keys, prior, ts))
        answers = fingerprints.probes | "ProbeBands" >> beam.ParDo(_ProbeBands(config, self.ttl_us)).with_output_types(
            _KeyedByStr
        )
        # (uri, ("answer", BandAnswer))
        decisions = (
            (fingerprints[COPIES], answers)
            | "MergeByUri" >> beam.Flatten().with_output_types(_KeyedByStr)
            | "JoinAnswers" >> beam.ParDo(_JoinAnswers()).with_output_types(tuple[str, ds.Decision])
        )
        # (story_id, Decision)
        results = decisions | "ResolveStories" >> beam.ParDo(
            _ResolveStories(config, self.ttl_us, self.canonical_for_indexed)
        ).with_outputs(SIGHTINGS, INDEX, main="articles")
        return {
            "articles": results.articles | _rewindow(windowing, "RewindowArticles"),
            "sightings": results[SIGHTINGS] | _rewindow(windowing, "RewindowSightings"),
            "index": results[INDEX] | _rewindow(windowing, "RewindowIndex"),
        }
