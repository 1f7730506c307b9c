"""Story deduplication: candidate verification, canonical choice, story ids, the cross-run index (pure).

Input: `Article`s (after language detection). Output per story: the articles
with `story_id`, `is_canonical` and `info_sources` set, one `Sighting` per
copy, and `StoryIndexEntry` rows for the cross-run index. The Beam stage
(transforms/dedup.py) distributes exactly these functions; `deduplicate()`
below is the single-process reference the transform is tested against.

Model:
- a *node* is one distinct normalised text of one representation
  (`node_id` = sha256(representation, exact key)); byte-different copies with
  equal normalised words share a node. Teasers (`partial`) and full articles
  never share a node, a band key or an edge.
- edges join nodes whose MinHash-estimated containment
  (|A ∩ B| / min(|A|, |B|) of word 5-shingles) is >= `threshold`; only texts of
  at least `min_words_for_fuzzy` normalised words get a signature, shorter ones
  match exactly or not at all.
- a story is a connected component. Its id is the earliest index story id in
  the component (a story seen on an earlier night keeps its id), else derived
  from the smallest node id: never from processing order.
- one copy per story is canonical, by `CanonicalPolicy` (default: the wire's
  own site, then the longest normalised body, then the earliest fetch, then
  the smallest uri). A story already indexed on an earlier night had its
  canonical row then: tonight's copies are all non-canonical sightings of it.

No dead letters: deduplication never rejects a record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Sequence

import pyarrow as pa

from wire import fingerprint as fp
from wire.records import Article, InfoSource, Sighting
from wire.split.meta import domain_of

STAGE = "DeduplicateStories"

INDEX_PRIORITY = "0"  # labels of nodes from the cross-run index sort before tonight's
NEW_PRIORITY = "1"

DEFAULT_WIRE_SITES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Associated Press", ("apnews.com",)),
    ("Reuters", ("reuters.com",)),
    ("AFP", ("afp.com",)),
)
POLICY_KEYS = ("wire_site", "most_complete", "earliest_fetch", "smallest_uri")


@dataclass(frozen=True)
class CanonicalPolicy:
    """Which copy of a story survives: `order` lists the criteria, first decides; uri breaks any tie."""

    order: tuple[str, ...] = POLICY_KEYS
    wire_sites: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_WIRE_SITES

    def __post_init__(self) -> None:
        unknown = [k for k in self.order if k not in POLICY_KEYS]
        if unknown:
            raise ValueError(f"unknown canonical policy keys {unknown}; known: {POLICY_KEYS}")

    def wire_name(self, domain: str | None) -> str | None:
        """The wire whose own site `domain` is (`apnews.com`, `www.apnews.com`), else None."""
        if not domain:
            return None
        domain = domain.lower().rstrip(".")
        for name, sites in self.wire_sites:
            for site in sites:
                if domain == site or domain.endswith("." + site):
                    return name
        return None


@dataclass(frozen=True)
class DedupConfig:
    threshold: float = 0.8  # estimated containment of word 5-shingles
    num_perm: int = 128
    bands: int = 64  # 64 bands of 2 rows: a copy trimmed to 30% of the story (Jaccard ~0.3) is still a candidate
    rows: int = 2
    shingle: int = 5
    seed: int = fp.DEFAULT_SEED
    backend: str = "rensa"  # or "datasketch"
    mode: str = "drop"  # "drop": articles/ keeps canonical rows only; "mark": every copy, with is_canonical
    min_words_for_fuzzy: int = 50
    policy: CanonicalPolicy = field(default_factory=CanonicalPolicy)
    index_path: str | None = None
    cc_rounds: int = 4  # distributed label-propagation rounds before the residual step
    bucket_cap: int = 64  # an LSH bucket above this size pairs members with its first `bucket_cap` only

    def __post_init__(self) -> None:
        if self.mode not in ("drop", "mark"):
            raise ValueError(f"dedup mode must be 'drop' or 'mark', not {self.mode!r}")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("dedup threshold must be in (0, 1]")
        if self.bands * self.rows > self.num_perm or self.bands < 1 or self.rows < 1:
            raise ValueError("dedup needs bands * rows <= num_perm")
        if self.cc_rounds < 0 or self.bucket_cap < 2 or self.min_words_for_fuzzy < 1:
            raise ValueError("dedup cc_rounds >= 0, bucket_cap >= 2, min_words_for_fuzzy >= 1")

    @property
    def scheme(self) -> str:
        return fp.scheme_name(self.backend, self.num_perm, self.seed, self.shingle)

    @classmethod
    def from_dict(cls, data: dict | None) -> "DedupConfig":
        """From the `dedup:` mapping of a run profile (YAML); unknown keys are an error, not ignored.

        `policy: {order: [...], wire_sites: {"Associated Press": ["apnews.com"], ...}}`.
        """
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown dedup settings {unknown}; known: {sorted(known)}")
        policy = data.pop("policy", None)
        if isinstance(policy, dict):
            kwargs = {}
            if "order" in policy:
                kwargs["order"] = tuple(policy["order"])
            if "wire_sites" in policy:
                kwargs["wire_sites"] = tuple((name, tuple(sites)) for name, sites in policy["wire_sites"].items())
            extra = sorted(set(policy) - {"order", "wire_sites"})
            if extra:
                raise ValueError(f"unknown dedup policy settings {extra}")
            data["policy"] = CanonicalPolicy(**kwargs)
        elif policy is not None:
            data["policy"] = policy
        return cls(**data)


# ---------------------------------------------------------------------------
# Copies and nodes


@dataclass(frozen=True)
class Copy:
    """One article with its fingerprint and node."""

    article: Article
    node_id: str
    fingerprint: fp.Fingerprint

    @property
    def fuzzy(self) -> bool:
        return bool(self.fingerprint.signature)


@dataclass(frozen=True)
class Node:
    """What LSH banding and verification need of one distinct text."""

    node_id: str
    representation: str
    signature: bytes
    shingle_count: int
    label: str  # initial connected-components label (INDEX_PRIORITY + story id, or NEW_PRIORITY + node id)
    is_new: bool  # seen tonight (False: only in the index from earlier nights)


def article_text(article: Article) -> list[str]:
    """What identifies a story: the body; a teaser has little body, so its headline and summary count too."""
    if article.representation == "partial":
        return [p for p in (article.headline, article.summary, *article.paragraphs) if p]
    return list(article.paragraphs)


def prepare(article: Article, config: DedupConfig) -> Copy:
    fpr = fp.fingerprint(
        article_text(article),
        num_perm=config.num_perm,
        seed=config.seed,
        shingle=config.shingle,
        backend=config.backend,
        min_words_for_fuzzy=config.min_words_for_fuzzy,
    )
    if fpr.word_count == 0:
        # An empty text must not join every other empty text into one story.
        node_id = fp.exact_key([f"uri:{article.uri}"])[:32]
    else:
        node_id = hashlib.sha256(f"{article.representation}\x1f{fpr.exact_key}".encode()).hexdigest()[:32]
    return Copy(article=article, node_id=node_id, fingerprint=fpr)


def new_label(node_id: str) -> str:
    return NEW_PRIORITY + node_id


def index_label(story_id: str) -> str:
    return INDEX_PRIORITY + story_id


def story_id_from_label(label: str) -> str:
    if label.startswith(INDEX_PRIORITY):
        return label[len(INDEX_PRIORITY) :]
    digest = hashlib.sha256(f"story\x1f{label[len(NEW_PRIORITY):]}".encode()).hexdigest()[:32]
    return f"urn:wire-ingest:story:{digest}"


def band_keys(node: Node, config: DedupConfig) -> list[str]:
    if not node.signature:
        return []
    return fp.band_keys(node.signature, config.bands, config.rows, prefix=f"{config.scheme}|{node.representation}|")


def similarity(a: Node, b: Node) -> float:
    if a.node_id == b.node_id:
        return 1.0
    if a.representation != b.representation or not a.signature or not b.signature:
        return 0.0
    return fp.estimated_containment(a.signature, a.shingle_count, b.signature, b.shingle_count)


def verify(a: Node, b: Node, config: DedupConfig) -> float | None:
    """The estimated similarity when the pair is one story, else None."""
    if a.representation != b.representation:
        return None
    if not (a.is_new or b.is_new):
        return None  # two earlier nights' nodes were settled then; re-linking them would rename stories
    sim = similarity(a, b)
    return sim if sim >= config.threshold else None


def bucket_pairs(members: Iterable[tuple[str, bool]], config: DedupConfig) -> list[tuple[str, str]]:
    """Candidate pairs (u < v) of one band bucket of (node_id, is_new); pairs of two index nodes skipped."""
    by_id = dict(sorted(set(members)))
    if not any(by_id.values()):
        return []
    ids = sorted(by_id)
    return [(u, v) for u, v in fp.iter_pairs(ids, config.bucket_cap) if by_id[u] or by_id[v]]


class UnionFind:
    """Smallest label wins, so the result is independent of edge order."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        root = x
        while parent != root:
            root = parent
            parent = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo

    def mapping(self) -> dict[str, str]:
        return {x: self.find(x) for x in list(self.parent) if self.find(x) != x}


# ---------------------------------------------------------------------------
# The cross-run story index


@dataclass(frozen=True)
class StoryIndexEntry:
    """One distinct text (node) of a story as first seen on `ingest_date`."""

    story_id: str
    node_id: str
    exact_key: str
    representation: str
    scheme: str
    signature: bytes  # b"" for texts matched exactly only
    shingle_count: int
    word_count: int
    uri: str  # the copy that represents this node (the canonical one if the node holds it)
    source_domain: str | None
    is_canonical: bool
    ingest_date: str  # YYYY-MM-DD; the Hive partition value

    def node(self) -> Node:
        return Node(
            node_id=self.node_id,
            representation=self.representation,
            signature=self.signature,
            shingle_count=self.shingle_count,
            label=index_label(self.story_id),
            is_new=False,
        )


STORY_INDEX_VERSION = "1"
STORY_INDEX_SCHEMA = pa.schema(
    [
        ("story_id", pa.string()),
        ("node_id", pa.string()),
        ("exact_key", pa.string()),
        ("representation", pa.string()),
        ("scheme", pa.string()),
        ("signature", pa.binary()),
        ("shingle_count", pa.int32()),
        ("word_count", pa.int32()),
        ("uri", pa.string()),
        ("source_domain", pa.string()),
        ("is_canonical", pa.bool_()),
    ],
    metadata={"wire_ingest.table": "story_index", "wire_ingest.story_index_version": STORY_INDEX_VERSION},
)
STORY_INDEX_PARTITIONS = ("ingest_date",)  # in the path only, as for the other tables


def to_row(entry: StoryIndexEntry) -> dict:
    """A row of STORY_INDEX_SCHEMA (ingest_date goes into the partition path, not the file)."""
    return {name: getattr(entry, name) for name in STORY_INDEX_SCHEMA.names}


def from_row(row: dict, ingest_date: str) -> StoryIndexEntry:
    return StoryIndexEntry(
        story_id=row["story_id"],
        node_id=row["node_id"],
        exact_key=row["exact_key"],
        representation=row["representation"],
        scheme=row["scheme"],
        signature=row["signature"] or b"",
        shingle_count=int(row["shingle_count"] or 0),
        word_count=int(row["word_count"] or 0),
        uri=row["uri"],
        source_domain=row.get("source_domain"),
        is_canonical=bool(row["is_canonical"]),
        ingest_date=str(row.get("ingest_date") or ingest_date),
    )


_DATE_IN_PATH = re.compile(r"(?:^|/)ingest_date=(\d{4}-\d{2}-\d{2})(?:/|$)")


def ingest_date_of(path: str) -> str | None:
    m = _DATE_IN_PATH.search(path.replace("\\", "/"))
    return m.group(1) if m else None


def index_file_wanted(path: str, before_date: str | None) -> bool:
    """Parquet files of earlier nights only: tonight's own entries must not match tonight's copies."""
    if not path.endswith(".parquet"):
        return False
    date = ingest_date_of(path)
    if date is None:
        return False
    return before_date is None or date < before_date


def read_index_file(fileobj, path: str) -> list[StoryIndexEntry]:
    """Entries of one Parquet file of the index (ingest_date taken from its Hive path)."""
    import pyarrow.parquet as pq

    table = pq.read_table(fileobj)
    date = ingest_date_of(path) or ""
    return [from_row(row, date) for row in table.to_pylist()]


def load_story_index(path: str | None, before_date: str | None = None, scheme: str | None = None) -> list[StoryIndexEntry]:
    """All entries under a Hive-partitioned index folder (local or gs://), earlier than `before_date`.

    Empty when `path` is None or does not exist. Entries of another MinHash
    `scheme` keep their exact key but lose their signature (signatures of
    different schemes are not comparable).
    """
    if not path:
        return []
    import pyarrow.fs as pafs

    filesystem, root = pafs.FileSystem.from_uri(path) if "://" in path else (pafs.LocalFileSystem(), path)
    info = filesystem.get_file_info(root)
    if info.type == pafs.FileType.NotFound:
        return []
    entries: list[StoryIndexEntry] = []
    for item in sorted(filesystem.get_file_info(pafs.FileSelector(root, recursive=True)), key=lambda i: i.path):
        if item.type != pafs.FileType.File or not index_file_wanted(item.path, before_date):
            continue
        with filesystem.open_input_file(item.path) as f:
            entries.extend(read_index_file(f, item.path))
    return [adapt_entry(e, scheme) for e in entries]


def adapt_entry(entry: StoryIndexEntry, scheme: str | None) -> StoryIndexEntry:
    if scheme is not None and entry.scheme != scheme and entry.signature:
        return StoryIndexEntry(**{**entry.__dict__, "signature": b"", "shingle_count": 0})
    return entry


def index_nodes(entries: Iterable[StoryIndexEntry]) -> dict[str, StoryIndexEntry]:
    """One entry per node (a node seen on two nights keeps its earliest entry)."""
    out: dict[str, StoryIndexEntry] = {}
    for e in sorted(entries, key=lambda e: (e.ingest_date, e.story_id, e.uri)):
        out.setdefault(e.node_id, e)
    return out


# ---------------------------------------------------------------------------
# One story: canonical choice, info_sources, sightings, index rows


def _epoch(ts: datetime | None) -> float:
    if ts is None:
        return math.inf
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    return ts.timestamp()


def _domain(article: Article) -> str | None:
    if article.source_domain:
        return article.source_domain.lower()
    return domain_of(article.source_url)


def canonical_key(copy: Copy, policy: CanonicalPolicy) -> tuple:
    a = copy.article
    parts: list = []
    for key in policy.order:
        if key == "wire_site":
            parts.append(0 if policy.wire_name(_domain(a)) else 1)
        elif key == "most_complete":
            parts.append(-copy.fingerprint.word_count)  # normalised: chrome never makes a copy 'longer'
        elif key == "earliest_fetch":
            parts.append(_epoch(a.fetched_at))
        elif key == "smallest_uri":
            parts.append(a.uri)
    parts.append(a.uri)
    return tuple(parts)


def choose_canonical(copies: Sequence[Copy], policy: CanonicalPolicy) -> Copy:
    return min(copies, key=lambda c: canonical_key(c, policy))


def info_sources(copies: Sequence[Copy], canonical: Copy, policy: CanonicalPolicy) -> tuple[InfoSource, ...]:
    """The originator, then every aggregator that carried the story (sorted by name, url; no repeats)."""
    providers = Counter(c.article.provider for c in copies if c.article.provider)
    own_site = [c for c in copies if policy.wire_name(_domain(c.article))]
    if own_site:
        origin_copy = min(own_site, key=lambda c: canonical_key(c, policy))
        name = origin_copy.article.provider or policy.wire_name(_domain(origin_copy.article))
        origin = InfoSource(name=name, role="originator", url=origin_copy.article.source_url)
        origin_domain = _domain(origin_copy.article)
    elif providers:
        top = max(providers.values())
        origin = InfoSource(name=min(p for p, n in providers.items() if n == top), role="originator", url=None)
        origin_domain = None
    else:
        # Not a wire story: the canonical copy's site is its own originator.
        origin_domain = _domain(canonical.article)
        origin = InfoSource(name=origin_domain or "unknown", role="originator", url=canonical.article.source_url)
    aggregators = {
        (_domain(c.article) or "unknown", c.article.source_url)
        for c in copies
        if origin_domain is None or _domain(c.article) != origin_domain
    }
    return (origin, *(InfoSource(name=n, role="aggregator", url=u) for n, u in sorted(aggregators, key=lambda x: (x[0], x[1] or ""))))


@dataclass(frozen=True)
class StoryResult:
    articles: tuple[Article, ...]
    sightings: tuple[Sighting, ...]
    index: tuple[StoryIndexEntry, ...]
    matched_index: bool  # the story was first seen on an earlier night


def _node_of(copy: Copy) -> Node:
    return Node(
        node_id=copy.node_id,
        representation=copy.article.representation,
        signature=copy.fingerprint.signature,
        shingle_count=copy.fingerprint.shingle_count,
        label=new_label(copy.node_id),
        is_new=True,
    )


def resolve_story(
    story_id: str,
    copies: Sequence[Copy],
    refs: Sequence[StoryIndexEntry],
    config: DedupConfig,
    ingest_date: str,
    known_nodes: frozenset[str] | set[str] = frozenset(),
) -> StoryResult:
    """Everything one story yields tonight.

    `copies`: tonight's copies; `refs`: index entries of this story that touch
    tonight's copies (may be empty for a new story); `known_nodes`: node ids
    already in the index (no new index row for them).
    """
    copies = sorted(copies, key=lambda c: c.article.uri)
    matched = story_id_is_indexed(story_id, refs)
    canonical = None if matched else choose_canonical(copies, config.policy)
    if canonical is not None:
        reference = _node_of(canonical)
    else:
        best_ref = min(refs, key=lambda e: (not e.is_canonical, not e.signature, e.ingest_date, e.node_id)) if refs else None
        reference = best_ref.node() if best_ref is not None else None
    sources = info_sources(copies, canonical or choose_canonical(copies, config.policy), config.policy)
    articles: list[Article] = []
    sightings: list[Sighting] = []
    for c in copies:
        is_canonical = canonical is not None and c.article.uri == canonical.article.uri
        if reference is None:
            sim = 1.0
        else:
            node = _node_of(c)
            sim = 1.0 if node.node_id == reference.node_id else similarity(node, reference)
            if c.node_id in {r.node_id for r in refs}:
                sim = 1.0
        if is_canonical or config.mode == "mark":  # only then: a replace() costs ~20 us
            articles.append(c.article.replace(story_id=story_id, is_canonical=is_canonical, info_sources=sources))
        sightings.append(
            Sighting.of(c.article, story_id, sim, is_canonical)
        )
    index: list[StoryIndexEntry] = []
    by_node: dict[str, list[Copy]] = {}
    for c in copies:
        by_node.setdefault(c.node_id, []).append(c)
    ref_nodes = {r.node_id for r in refs} | set(known_nodes)
    for node_id in sorted(by_node):
        if node_id in ref_nodes:
            continue
        members = by_node[node_id]
        holder = canonical if canonical is not None and canonical.node_id == node_id else min(members, key=lambda c: canonical_key(c, config.policy))
        index.append(
            StoryIndexEntry(
                story_id=story_id,
                node_id=node_id,
                exact_key=holder.fingerprint.exact_key,
                representation=holder.article.representation,
                scheme=config.scheme,
                signature=holder.fingerprint.signature,
                shingle_count=holder.fingerprint.shingle_count,
                word_count=holder.fingerprint.word_count,
                uri=holder.article.uri,
                source_domain=holder.article.source_domain,
                is_canonical=holder is canonical,
                ingest_date=ingest_date,
            )
        )
    return StoryResult(tuple(articles), tuple(sightings), tuple(index), matched)


def story_id_is_indexed(story_id: str, refs: Sequence[StoryIndexEntry]) -> bool:
    return any(r.story_id == story_id for r in refs)


# ---------------------------------------------------------------------------
# Single-process reference


@dataclass(frozen=True)
class DedupResult:
    articles: tuple[Article, ...]
    sightings: tuple[Sighting, ...]
    index: tuple[StoryIndexEntry, ...]
    edges: tuple[tuple[str, str, float], ...]


def initial_nodes(copies: Sequence[Copy], index: dict[str, StoryIndexEntry]) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for node_id, entry in index.items():
        nodes[node_id] = entry.node()
    for c in copies:
        if c.node_id in nodes:
            old = nodes[c.node_id]
            if not old.is_new:
                # Tonight's exact repeat of an indexed text: keep the index label, but it is new tonight.
                nodes[c.node_id] = Node(c.node_id, old.representation, old.signature or c.fingerprint.signature,
                                        old.shingle_count or c.fingerprint.shingle_count, old.label, True)
            continue
        nodes[c.node_id] = _node_of(c)
    return nodes


def deduplicate(
    articles: Iterable[Article],
    config: DedupConfig,
    ingest_date: str,
    index_entries: Iterable[StoryIndexEntry] = (),
) -> DedupResult:
    """Deduplicate in one process: the oracle for the Beam transform and the pure tests.

    `index_entries` must already exclude tonight's own entries (load_story_index(before_date=...)).
    """
    copies = [prepare(a, config) for a in articles]
    index = index_nodes(adapt_entry(e, config.scheme) for e in index_entries)
    nodes = initial_nodes(copies, index)
    buckets: dict[str, list[tuple[str, bool]]] = {}
    for node in nodes.values():
        for key in band_keys(node, config):
            buckets.setdefault(key, []).append((node.node_id, node.is_new))
    pairs = {p for members in buckets.values() for p in bucket_pairs(members, config)}
    edges = []
    for u, v in sorted(pairs):
        sim = verify(nodes[u], nodes[v], config)
        if sim is not None:
            edges.append((u, v, sim))
    uf = UnionFind()
    for node in nodes.values():
        uf.find(node.label)
    for u, v, _ in edges:
        uf.union(nodes[u].label, nodes[v].label)
    story_of_node = {nid: story_id_from_label(uf.find(n.label)) for nid, n in nodes.items()}
    stories: dict[str, list[Copy]] = {}
    for c in copies:
        stories.setdefault(story_of_node[c.node_id], []).append(c)
    touched = {u for u, v, _ in edges} | {v for u, v, _ in edges} | {c.node_id for c in copies}
    refs: dict[str, list[StoryIndexEntry]] = {}
    for node_id, entry in index.items():
        if node_id in touched:
            refs.setdefault(story_of_node[node_id], []).append(entry)
    out_articles: list[Article] = []
    out_sightings: list[Sighting] = []
    out_index: list[StoryIndexEntry] = []
    for story_id in sorted(stories):
        result = resolve_story(story_id, stories[story_id], refs.get(story_id, []), config, ingest_date, set(index))
        out_articles.extend(result.articles)
        out_sightings.extend(result.sightings)
        out_index.extend(result.index)
    return DedupResult(tuple(out_articles), tuple(out_sightings), tuple(out_index), tuple(edges))
