"""Streaming story deduplication: the pure steps of transforms/dedup_streaming.py (Beam-free).

Input: `Article`s one at a time, in event-time order as far as the stream
allows. Output per article: a `Decision` (story id, similarity, how it was
found) that the per-story step turns into the article row, its `Sighting`
and, for a text not remembered yet, a `StoryIndexEntry`.

The batch model (wire/dedup.py: nodes, MinHash band keys, verification by
estimated containment, teasers never merged with full articles, short texts
exact-only, story ids derived from a node or taken from the cross-run index)
is reused unchanged; what differs is that no step sees a whole story at once:

- `probe_keys`: every article is sent to its node key (exact match) and to
  each of its LSH band keys (texts with a signature only);
- `probe_band`: the state of one key remembers the nodes seen on it
  (`Remembered`: node id, signature, story id, rank, expiry); a probe
  verified against a remembered node (>= threshold) answers that node's
  story; the probe itself is then remembered on that key (under its index
  story, else the best story it matched there, else its own new story);
- `choose_story`: the per-article answers are resolved to one story by
  rank: a story of the cross-run index first, then the story first seen in
  event time, then the smallest story id. The article's own new story (the
  batch rule: story id from its node id) competes with the same rank
  (its own event time), so two copies racing through different keys in
  opposite orders still agree.

No dead letters: nothing here rejects a record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wire import dedup as d

NODE_KEY_PREFIX = b"node|"

KIND_INDEX = "index"  # the story of an earlier night (cross-run index)
KIND_STREAM = "stream"  # a story remembered in the streaming state
KIND_NEW = "new"  # the article opens a new story


@dataclass(frozen=True)
class Probe:
    """What one key's state needs of an article: its node and the answer it already has from the index."""

    uri: str
    node_id: str
    representation: str
    signature: bytes
    shingle_count: int
    timestamp_us: int  # event time of the article
    own_story: str  # the story id a new story of this node gets (batch's new_label -> story_id rule)
    prior_story: str | None = None  # the cross-run index story it matched, if any

    def node(self) -> d.Node:
        return d.Node(self.node_id, self.representation, self.signature, self.shingle_count, d.new_label(self.node_id), True)


@dataclass(frozen=True)
class Remembered:
    """One node remembered on one key."""

    node_id: str
    representation: str
    signature: bytes
    shingle_count: int
    story_id: str
    from_index: bool
    first_seen_us: int  # event time of the story's first copy as known here: the story's rank
    expires_us: int

    def node(self) -> d.Node:
        return d.Node(self.node_id, self.representation, self.signature, self.shingle_count, d.new_label(self.node_id), False)

    def rank(self) -> tuple:
        return story_rank(self.from_index, self.first_seen_us, self.story_id)


def story_rank(from_index: bool, first_seen_us: int, story_id: str) -> tuple:
    """Smaller wins: an index story, then the story first seen in event time, then the smallest id."""
    return (0 if from_index else 1, first_seen_us, story_id)


@dataclass(frozen=True)
class Match:
    story_id: str
    from_index: bool
    first_seen_us: int
    similarity: float

    def rank(self) -> tuple:
        return story_rank(self.from_index, self.first_seen_us, self.story_id)


@dataclass(frozen=True)
class BandAnswer:
    """One key's answer for one article."""

    key: bytes
    matches: tuple[Match, ...]  # remembered stories that verified on this key (best similarity per story)
    created_own: bool  # the article was remembered here under its own new story
    node_known: bool  # this exact text was already remembered on this key


@dataclass(frozen=True)
class Decision:
    """The story of one article, before the per-story step decides canonical / info_sources."""

    copy: d.Copy
    story_id: str
    kind: str  # KIND_INDEX, KIND_STREAM or KIND_NEW
    similarity: float  # to the story it joined (1.0 for a new story)
    node_known: bool  # its text is remembered already (in the state or the index): no new index row
    timestamp_us: int


def probe_keys(copy: d.Copy, config: d.DedupConfig) -> list[bytes]:
    """The node key (exact match, every text) and the LSH band keys (texts with a signature)."""
    node = d.Node(copy.node_id, copy.article.representation, copy.fingerprint.signature,
                  copy.fingerprint.shingle_count, d.new_label(copy.node_id), True)
    return [NODE_KEY_PREFIX + copy.node_id.encode("ascii"), *d.band_keys(node, config)]


def make_probe(copy: d.Copy, timestamp_us: int, prior_story: str | None) -> Probe:
    return Probe(
        uri=copy.article.uri,
        node_id=copy.node_id,
        representation=copy.article.representation,
        signature=copy.fingerprint.signature,
        shingle_count=copy.fingerprint.shingle_count,
        timestamp_us=timestamp_us,
        own_story=d.story_id_from_label(d.new_label(copy.node_id)),
        prior_story=prior_story,
    )


def probe_band(
    key: bytes,
    probe: Probe,
    remembered: Sequence[Remembered],
    config: d.DedupConfig,
    ttl_us: int,
) -> tuple[BandAnswer, list[Remembered]]:
    """Match `probe` against one key's remembered nodes; return the answer and the key's new state.

    Matched nodes are kept alive for another `ttl_us` after the probe's event
    time (a story still being carried is not forgotten). At most
    `config.bucket_cap` nodes are remembered per key (a key shared by
    thousands of near-identical texts costs O(cap) per probe, not O(n)).
    """
    probe_node = probe.node()
    best: dict[str, Match] = {}
    node_known = False
    out: list[Remembered] = []
    expires = probe.timestamp_us + ttl_us
    for r in remembered:
        if r.node_id == probe.node_id:
            node_known = True
            sim = 1.0
        else:
            sim = d.verify(probe_node, r.node(), config)
        if sim is None:
            out.append(r)
            continue
        m = Match(r.story_id, r.from_index, r.first_seen_us, round(sim, 4))
        old = best.get(r.story_id)
        if old is None or m.similarity > old.similarity:
            best[r.story_id] = m
        out.append(dataclasses.replace(r, expires_us=max(r.expires_us, expires)) if r.expires_us < expires else r)
    matches = tuple(sorted(best.values(), key=Match.rank))
    created_own = False
    if not node_known and len(out) < config.bucket_cap:
        if probe.prior_story is not None:
            story, from_index, first_seen = probe.prior_story, True, probe.timestamp_us
        elif matches:
            story, from_index, first_seen = matches[0].story_id, matches[0].from_index, matches[0].first_seen_us
        else:
            story, from_index, first_seen = probe.own_story, False, probe.timestamp_us
            created_own = True
        out.append(Remembered(probe.node_id, probe.representation, probe.signature, probe.shingle_count,
                              story, from_index, first_seen, expires))
    elif not node_known and not matches and probe.prior_story is None:
        created_own = True  # a full bucket: the probe still opens its story, it is just not remembered here
    return BandAnswer(key, matches, created_own, node_known), out


def expire(remembered: Sequence[Remembered], now_us: int) -> tuple[list[Remembered], int]:
    """The nodes still alive once event time has reached `now_us`, and how many expired."""
    alive = [r for r in remembered if r.expires_us > now_us]
    return alive, len(remembered) - len(alive)


def next_expiry(remembered: Sequence[Remembered]) -> int | None:
    return min((r.expires_us for r in remembered), default=None)


def choose_story(
    copy: d.Copy,
    timestamp_us: int,
    prior: tuple[str, float, bool] | None,
    answers: Sequence[BandAnswer],
) -> Decision:
    """One story for the article from its index match (IndexMatcher.match) and its keys' answers.

    See the module docstring for the rule.
    """
    node_known = (prior is not None and prior[2]) or any(a.node_known for a in answers)
    if prior is not None:
        return Decision(copy, prior[0], KIND_INDEX, prior[1], node_known, timestamp_us)
    own = d.story_id_from_label(d.new_label(copy.node_id))
    matched: dict[str, Match] = {}
    for a in answers:
        for m in a.matches:
            old = matched.get(m.story_id)
            if old is None or m.similarity > old.similarity:
                matched[m.story_id] = m
    candidates = dict(matched)
    if (any(a.created_own for a in answers) or not matched) and own not in candidates:
        candidates[own] = Match(own, False, timestamp_us, 1.0)
    best = min(candidates.values(), key=Match.rank)
    if best.from_index:
        kind = KIND_INDEX
    elif best.story_id in matched:
        kind = KIND_STREAM
    else:
        kind = KIND_NEW
    return Decision(copy, best.story_id, kind, best.similarity, node_known, timestamp_us)


# ---------------------------------------------------------------------------
# The cross-run index, held in memory by each worker


class IndexMatcher:
    """Band keys and node ids of the cross-run index: which earlier-night story an article belongs to.

    Memory: one entry per index row plus `config.bands` 8-byte keys per row
    with a signature (prune old nights by deleting their partitions).
    """

    def __init__(self, entries: Iterable[d.StoryIndexEntry], config: d.DedupConfig) -> None:
        self.config = config
        self.by_node = d.index_nodes(d.adapt_entry(e, config.scheme) for e in entries)
        self.by_band: dict[bytes, list[str]] = {}
        for node_id in sorted(self.by_node):
            for key in d.band_keys(self.by_node[node_id].node(), config):
                self.by_band.setdefault(key, []).append(node_id)

    def __len__(self) -> int:
        return len(self.by_node)

    def match(self, copy: d.Copy) -> tuple[str, float, bool] | None:
        """(story id, similarity, exact text indexed) of the index story this copy joins, else None.

        As in batch, the smallest story id among the index stories it
        verifies against wins (an exact repeat of an indexed text always joins it).
        """
        exact = self.by_node.get(copy.node_id)
        if exact is not None and exact.representation == copy.article.representation:
            return exact.story_id, 1.0, True
        if not copy.fingerprint.signature or not self.by_band:
            return None
        node = d.Node(copy.node_id, copy.article.representation, copy.fingerprint.signature,
                      copy.fingerprint.shingle_count, d.new_label(copy.node_id), True)
        found: dict[str, float] = {}
        seen: set[str] = set()
        for key in d.band_keys(node, self.config):
            for node_id in self.by_band.get(key, ()):
                if node_id in seen:
                    continue
                seen.add(node_id)
                entry = self.by_node[node_id]
                sim = d.verify(node, entry.node(), self.config)
                if sim is not None:
                    found[entry.story_id] = max(found.get(entry.story_id, 0.0), sim)
        if not found:
            return None
        story = min(found)
        return story, round(found[story], 4), False


def slim(copy: d.Copy) -> d.Copy:
    """What info_sources and the canonical policy need of a copy: no body, no signature."""
    a = copy.article
    return d.Copy(
        article=a.replace(paragraphs=(), captions=(), summary=None, text_repairs=(), info_sources=()),
        node_id=copy.node_id,
        fingerprint=dataclasses.replace(copy.fingerprint, signature=b""),
    )


def index_entry(decision: Decision, is_canonical: bool, scheme: str, ingest_date: str) -> d.StoryIndexEntry:
    c = decision.copy
    return d.StoryIndexEntry(
        story_id=decision.story_id,
        node_id=c.node_id,
        exact_key=c.fingerprint.exact_key,
        representation=c.article.representation,
        scheme=scheme,
        signature=c.fingerprint.signature,
        shingle_count=c.fingerprint.shingle_count,
        word_count=c.fingerprint.word_count,
        uri=c.article.uri,
        source_domain=c.article.source_domain,
        is_canonical=is_canonical,
        ingest_date=ingest_date,
    )
