"""DeduplicateStories: one story id per wire story across aggregators and nights.

Input: PCollection[Article]. Output: a dict of PCollections
- "articles": Article with story_id / is_canonical / info_sources set; mode
  "drop" keeps the canonical copy of each new story, mode "mark" keeps every
  copy (is_canonical tells them apart);
- "sightings": wire.records.Sighting, exactly one per input article;
- "index": wire.dedup.StoryIndexEntry, tonight's new rows of the cross-run
  index (the caller writes them to `<output>/_index/stories/ingest_date=<date>/`
  with STORY_INDEX_SCHEMA and wire.dedup.to_row).

Dead letters: none (deduplication never rejects a record).
Counters (namespace `DeduplicateStories`): `passed` (articles in),
`canonical`, `duplicates`, `sightings`, `stories`, `matched_index` (copies of
a story first seen on an earlier night), `index_entries_read`,
`index_entries_written`, `candidate_pairs`, `edges`, `residual_label_pairs`.

Graph (see wire/dedup.py for the model; the pure `deduplicate()` there is the
reference these steps are tested against):
  Fingerprint        Article -> (node_id, Copy)                       per element
  ReadIndex          index files of nights < ingest_date -> (node_id, StoryIndexEntry)
  BuildNodes         CoGBK(node_id): tonight's fingerprint + index entry -> Node
  Band/Bucket        (band_key, (node_id, is_new)) -> GBK -> candidate pairs -> Distinct
  Verify             pairs joined twice with Node (by u, then by v) -> edges >= threshold
  Components         K rounds of min-label propagation over adjacency lists,
                     then a residual step that unions the few labels still
                     differing across an edge (side input)
  Resolve            CoGBK(node_id) label + sealed copies -> GBK(story_id) -> canonical,
                     info_sources, sightings, index rows

Linear scaling (N articles, c copies of one story, B = config.bands, K = cc_rounds):
- shuffled: the N copies twice (by node to meet their label, by story to be
  resolved), each as the bytes of one pickled Copy (article + fingerprint;
  unpickled once, by ResolveStories); one slim fingerprint per copy; B band
  entries per distinct text (an 8-byte key + a 32-character node id);
  candidate pairs: a bucket of m texts gives m * min(m, bucket_cap) pairs,
  and a story's c copies meet in at most B buckets, so <= B * c^2 pairs per
  story before Distinct and <= c^2 / 2 after, i.e. O(N * c); each distinct
  pair carries one signature (num_perm * 4 bytes) through the two verify
  joins; K rounds of (node, label) over the nodes that have edges. Every
  term is O(N) for bounded c, bucket_cap, B and K; the index adds the same
  terms for its rows.
- one worker holds at a time: one node's copies (identical normalised texts),
  one band bucket (node ids only; a bucket over `bucket_cap` pairs each member
  with the first `bucket_cap`, so a text repeated on thousands of pages costs
  O(m * cap), not O(m^2)), one node with its neighbour list, one story's
  copies. No step holds all pairs, edges or labels. The one global value is
  the residual label map: the label pairs still unequal across an edge after
  K rounds. It is empty when every node lies within K hops of its
  component's smallest label (copies of one story form near-cliques: 1-2
  hops) and stays small otherwise; it makes the result exact for any K.
- the cross-run index is read file by file (Reshuffle spreads files over
  workers); its rows join the banding like tonight's nodes, so its cost is
  linear in its size (prune old nights by deleting their partitions).
"""

from __future__ import annotations

import io

import apache_beam as beam

from transforms.common import busy, seal, unseal
from wire import dedup as d
from wire.records import Article

STAGE = d.STAGE
SIGHTINGS = "sightings"
INDEX = "index"


def _counter(name: str):
    return beam.metrics.Metrics.counter(STAGE, name)


class _Fingerprint(beam.DoFn):
    def __init__(self, config: d.DedupConfig) -> None:
        self.config = config
        self.passed = _counter("passed")

    def process(self, article: Article):
        with busy(STAGE):
            copy = d.prepare(article, self.config)
        self.passed.inc()
        yield copy.node_id, copy


class _ListIndexFiles(beam.DoFn):
    def __init__(self, before_date: str) -> None:
        self.before_date = before_date

    def process(self, root: str):
        from apache_beam.io.filesystems import FileSystems

        pattern = root.rstrip("/") + "/**"
        for result in FileSystems.match([pattern]):
            for meta in sorted(result.metadata_list, key=lambda m: m.path):
                if d.index_file_wanted(meta.path, self.before_date):
                    yield meta.path


class _ReadIndexFile(beam.DoFn):
    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self.read = _counter("index_entries_read")

    def process(self, path: str):
        from apache_beam.io.filesystems import FileSystems

        # Parquet needs a seekable file; index files are small, so read them whole (works for gs:// too).
        with FileSystems.open(path, compression_type="uncompressed") as f:
            entries = d.read_index_file(io.BytesIO(f.read()), path)
        self.read.inc(len(entries))
        for entry in entries:
            yield entry.node_id, d.adapt_entry(entry, self.scheme)


def _build_node(element):
    """(node_id, {fp, index}) -> (node_id, (Node, StoryIndexEntry | None))."""
    node_id, grouped = element
    fps = list(grouped["fp"])
    entries = list(grouped["index"])
    entry = min(entries, key=lambda e: (e.ingest_date, e.story_id, e.uri)) if entries else None
    if fps:
        rep, sig, shingles = min(fps)  # all equal: same normalised text
        if entry is not None:
            node = d.Node(node_id, rep, entry.signature or sig, entry.shingle_count or shingles, d.index_label(entry.story_id), True)
        else:
            node = d.Node(node_id, rep, sig, shingles, d.new_label(node_id), True)
    else:
        node = entry.node()
    yield node_id, (node, entry)


class _BucketPairs(beam.DoFn):
    def __init__(self, config: d.DedupConfig) -> None:
        self.config = config

    def process(self, element):
        _, members = element
        yield from d.bucket_pairs(members, self.config)


def _send_u(element):
    """(u, {node, v}) -> (v, Node_u) for each candidate partner v."""
    _, grouped = element
    nodes = list(grouped["node"])
    if not nodes:
        return
    node_u = nodes[0][0]
    for v in grouped["v"]:
        yield v, node_u


class _Verify(beam.DoFn):
    def __init__(self, config: d.DedupConfig) -> None:
        self.config = config
        self.candidates = _counter("candidate_pairs")
        self.edges = _counter("edges")

    def process(self, element):
        v, grouped = element
        nodes = list(grouped["node"])
        if not nodes:
            return
        node_v = nodes[0][0]
        for node_u in grouped["u"]:
            self.candidates.inc()
            with busy(STAGE):
                sim = d.verify(node_u, node_v, self.config)
            if sim is not None:
                self.edges.inc()
                yield node_u.node_id, node_v.node_id


def _with_adjacency(element):
    """Labels of nodes that have edges: (node_id, {label, adj}) -> (node_id, label)."""
    node_id, grouped = element
    if list(grouped["adj"]):
        yield node_id, min(grouped["label"])


def _propagate(element):
    node_id, grouped = element
    labels = list(grouped["label"])
    if not labels:
        return
    label = min(labels)
    yield node_id, label
    for neighbours in grouped["adj"]:
        for v in neighbours:
            yield v, label


def _send_label(element):
    _, grouped = element
    labels = list(grouped["label"])
    if not labels:
        return
    label = labels[0]
    for neighbours in grouped["adj"]:
        for v in neighbours:
            yield v, label


class _CountResidual(beam.DoFn):
    def __init__(self) -> None:
        self.residual = _counter("residual_label_pairs")

    def process(self, pair):
        self.residual.inc()
        yield pair


class _ResidualPairs(beam.DoFn):
    def process(self, element):
        _, grouped = element
        labels = list(grouped["label"])
        if not labels:
            return
        own = labels[0]
        for other in set(grouped["nbr"]):
            if other != own:
                yield (own, other) if own < other else (other, own)


def _residual_map(pairs) -> dict[str, str]:
    uf = d.UnionFind()
    for a, b in sorted(pairs):
        uf.union(a, b)
    return uf.mapping()


def _route_to_story(element, residual: dict[str, str]):
    """Final label per node -> (story_id, ("copy", sealed Copy) | ("ref", StoryIndexEntry))."""
    _, grouped = element
    nodes = list(grouped["node"])
    if not nodes:
        return
    node, entry = nodes[0]
    propagated = list(grouped["label"])
    label = propagated[0] if propagated else node.label
    label = residual.get(label, label)
    story_id = d.story_id_from_label(label)
    copies = list(grouped["copies"])
    for copy in copies:
        yield story_id, ("copy", copy)
    if entry is not None and (copies or propagated):
        yield story_id, ("ref", entry)


class _ResolveStory(beam.DoFn):
    def __init__(self, config: d.DedupConfig, ingest_date: str) -> None:
        self.config = config
        self.ingest_date = ingest_date
        self.counters = {
            name: _counter(name)
            for name in ("canonical", "duplicates", "sightings", "stories", "matched_index", "index_entries_written")
        }

    def process(self, element):
        story_id, items = element
        copies = [unseal(x) for kind, x in items if kind == "copy"]
        refs = [x for kind, x in items if kind == "ref"]
        if not copies:
            return
        with busy(STAGE):
            result = d.resolve_story(story_id, copies, refs, self.config, self.ingest_date)
        c = self.counters
        c["stories"].inc()
        canonical = sum(1 for s in result.sightings if s.is_canonical)
        c["canonical"].inc(canonical)
        c["duplicates"].inc(len(result.sightings) - canonical)
        c["sightings"].inc(len(result.sightings))
        if result.matched_index:
            c["matched_index"].inc(len(result.sightings))
        c["index_entries_written"].inc(len(result.index))
        yield from result.articles
        for s in result.sightings:
            yield beam.pvalue.TaggedOutput(SIGHTINGS, s)
        for e in result.index:
            yield beam.pvalue.TaggedOutput(INDEX, e)


class DeduplicateStories(beam.PTransform):
    """PCollection[Article] -> {"articles", "sightings", "index"} (see the module docstring)."""

    def __init__(self, config: d.DedupConfig, ingest_date: str, index_path: str | None = None) -> None:
        super().__init__()
        self.config = config
        self.ingest_date = ingest_date
        self.index_path = index_path if index_path is not None else config.index_path

    def expand(self, articles):
        config = self.config
        p = articles.pipeline
        copies = articles | "Fingerprint" >> beam.ParDo(_Fingerprint(config))
        # (node_id, Copy)
        if self.index_path:
            index = (
                p
                | "IndexRoot" >> beam.Create([self.index_path])
                | "ListIndexFiles" >> beam.ParDo(_ListIndexFiles(self.ingest_date))
                | "SpreadIndexFiles" >> beam.Reshuffle()
                | "ReadIndexFiles" >> beam.ParDo(_ReadIndexFile(config.scheme))
            )
        else:
            index = p | "NoIndex" >> beam.Create([])
        # (node_id, StoryIndexEntry) of earlier nights
        fps = copies | "SlimFingerprint" >> beam.MapTuple(
            lambda node_id, c: (node_id, (c.article.representation, c.fingerprint.signature, c.fingerprint.shingle_count))
        )
        nodes = {"fp": fps, "index": index} | "JoinIndex" >> beam.CoGroupByKey() | "BuildNodes" >> beam.FlatMap(_build_node)
        # (node_id, (Node, StoryIndexEntry | None)): every distinct text of tonight and of the index
        node_only = nodes | "NodeOnly" >> beam.MapTuple(lambda node_id, ne: (node_id, ne[0]))

        pairs = (
            node_only
            | "BandKeys" >> beam.FlatMapTuple(lambda node_id, n: [(k, (node_id, n.is_new)) for k in d.band_keys(n, config)])
            | "GroupBuckets" >> beam.GroupByKey()
            | "BucketPairs" >> beam.ParDo(_BucketPairs(config))
            | "DistinctPairs" >> beam.Distinct()
        )
        # (u, v) candidate pairs, u < v
        to_v = (
            {"node": nodes, "v": pairs}
            | "JoinU" >> beam.CoGroupByKey()
            | "SendU" >> beam.FlatMap(_send_u)
        )
        edges = {"node": nodes, "u": to_v} | "JoinV" >> beam.CoGroupByKey() | "Verify" >> beam.ParDo(_Verify(config))
        # (u, v) verified edges

        adjacency = (
            edges
            | "BothDirections" >> beam.FlatMapTuple(lambda u, v: [(u, v), (v, u)])
            | "GroupAdjacency" >> beam.GroupByKey()
            | "SortAdjacency" >> beam.MapTuple(lambda u, vs: (u, sorted(set(vs))))
        )
        # (node_id, [neighbour ids])
        initial = node_only | "InitialLabels" >> beam.MapTuple(lambda node_id, n: (node_id, n.label))
        labels = {"label": initial, "adj": adjacency} | "JoinAdjacency" >> beam.CoGroupByKey() | "EdgeNodes" >> beam.FlatMap(_with_adjacency)
        for i in range(config.cc_rounds):
            labels = (
                {"label": labels, "adj": adjacency}
                | f"Round{i}Join" >> beam.CoGroupByKey()
                | f"Round{i}Propagate" >> beam.FlatMap(_propagate)
                | f"Round{i}Min" >> beam.CombinePerKey(min)
            )
        # (node_id, label) for nodes with edges
        residual_pairs = (
            {"label": labels, "nbr": {"label": labels, "adj": adjacency} | "ResidualJoinU" >> beam.CoGroupByKey() | "ResidualSend" >> beam.FlatMap(_send_label)}
            | "ResidualJoinV" >> beam.CoGroupByKey()
            | "ResidualPairs" >> beam.ParDo(_ResidualPairs())
            | "DistinctResidual" >> beam.Distinct()
            | "CountResidual" >> beam.ParDo(_CountResidual())
        )
        residual = residual_pairs | "ResidualMap" >> beam.combiners.ToList() | "UnionLabels" >> beam.Map(_residual_map)

        sealed = copies | "SealCopies" >> beam.MapTuple(lambda node_id, copy: (node_id, seal(copy)))
        # (node_id, sealed Copy): read only by ResolveStories (transforms/common.py seal)
        routed = (
            {"node": nodes, "copies": sealed, "label": labels}
            | "JoinLabels" >> beam.CoGroupByKey()
            | "RouteToStory" >> beam.FlatMap(_route_to_story, residual=beam.pvalue.AsSingleton(residual))
        )
        results = (
            routed
            | "GroupStories" >> beam.GroupByKey()
            | "ResolveStories" >> beam.ParDo(_ResolveStory(config, self.ingest_date)).with_outputs(SIGHTINGS, INDEX, main="articles")
        )
        return {"articles": results.articles, "sightings": results[SIGHTINGS], "index": results[INDEX]}
