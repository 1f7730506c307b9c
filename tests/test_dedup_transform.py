"""transforms/dedup.py: DeduplicateStories on FnApiRunner gives exactly the pure reference's outputs."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing import test_pipeline

from transforms.dedup import DeduplicateStories
from wire import dedup as d
from tests.dedup_helpers import article, story

NIGHT1, NIGHT2 = "2026-11-26", "2026-11-27"


def corpus():
    out = []
    for s in range(4):
        body = story(500 + s, paragraphs=8)
        out += [
            article(f"s{s}-ap", body, "apnews.com", fetched=4),
            article(f"s{s}-msn", ["By Jane Doe, Associated Press", *body[:6]], "www.msn.com", fetched=2),
            article(f"s{s}-yahoo", body[:4] + story(600 + s, 2) + body[4:], "news.yahoo.com", fetched=3),
        ]
    teaser = article("card", [story(500, 1)[0][:80]], "www.msn.com", representation="partial", role="embedded", headline="Teaser")
    background = story(700, 2)
    out += [
        teaser,
        teaser.replace(uri="card-2", input_uri="gs://raw/card-2.html", source_domain="www.aol.com"),
        article("bg-a", story(701, 6) + background, "apnews.com"),
        article("bg-b", story(702, 5) + background, "apnews.com"),
        article("short-1", story(703, 1, 30), "apnews.com"),
        article("short-2", story(703, 1, 30)[:1] + ["One more line."], "www.msn.com"),
    ]
    return out


_SINK: dict[str, list] = {}  # FnApiRunner runs bundles in this process: module state is shared


def _keep(items, name):
    _SINK[name] = items


def run(articles, config, ingest_date, index_path=None):
    """Run the transform; return its three outputs (sorted) and the stage counters."""
    _SINK.clear()
    p = test_pipeline.TestPipeline(runner="FnApiRunner")
    out = p | beam.Create(articles) | DeduplicateStories(config, ingest_date, index_path)
    for name in ("articles", "sightings", "index"):
        _ = out[name] | f"Collect{name}" >> beam.combiners.ToList() | f"Keep{name}" >> beam.Map(_keep, name)
    result = p.run()
    result.wait_until_finish()
    counters = {c.key.metric.name: c.committed for c in result.metrics().query(MetricsFilter().with_namespace("DeduplicateStories"))["counters"]}
    return {k: sorted(v, key=lambda x: (x.uri, getattr(x, "node_id", ""))) for k, v in _SINK.items()}, counters


def reference(articles, config, ingest_date, index=()):
    r = d.deduplicate(articles, config, ingest_date, index)
    key = lambda x: (x.uri, getattr(x, "node_id", ""))  # noqa: E731
    return {"articles": sorted(r.articles, key=key), "sightings": sorted(r.sightings, key=key), "index": sorted(r.index, key=key)}


@pytest.mark.parametrize("rounds", [0, 4])
def test_transform_equals_reference_on_a_small_corpus(rounds):
    # rounds=0 leaves all the clustering to the residual step: both must give the same clusters.
    config = d.DedupConfig(cc_rounds=rounds)
    arts = corpus()
    got, counters = run(arts, config, NIGHT1)
    assert got == reference(arts, config, NIGHT1)
    groups = {}
    for s in got["sightings"]:
        groups.setdefault(s.story_id, set()).add(s.uri)
    assert sorted(sorted(g) for g in groups.values()) == sorted(
        [[f"s{s}-ap", f"s{s}-msn", f"s{s}-yahoo"] for s in range(4)]
        + [["card", "card-2"], ["bg-a"], ["bg-b"], ["short-1"], ["short-2"]]
    )
    assert [a.uri for a in got["articles"]] == ["bg-a", "bg-b", "card", "s0-ap", "s1-ap", "s2-ap", "s3-ap", "short-1", "short-2"]
    s0 = next(a for a in got["articles"] if a.uri == "s0-ap")
    assert [(i.name, i.role) for i in s0.info_sources] == [
        ("Associated Press", "originator"), ("news.yahoo.com", "aggregator"), ("www.msn.com", "aggregator")]
    assert counters["passed"] == 18 and counters["sightings"] == 18
    assert counters["stories"] == 9 and counters["canonical"] == 9 and counters["duplicates"] == 9
    # Each wire story's three copies verify pairwise (the trimmed msn copy lies inside both others).
    assert counters["edges"] == len(d.deduplicate(arts, config, NIGHT1).edges) == 12
    assert counters["index_entries_written"] == len(got["index"]) == 17  # the two teasers share a node
    assert counters.get("matched_index", 0) == 0
    assert counters.get("residual_label_pairs", 0) == (12 if rounds == 0 else 0)


def test_mark_mode_keeps_every_copy():
    config = d.DedupConfig(mode="mark")
    arts = corpus()
    got, _ = run(arts, config, NIGHT1)
    assert len(got["articles"]) == len(arts)
    assert sum(a.is_canonical for a in got["articles"]) == 9


def _write_index(root, entries, date):
    folder = root / "_index" / "stories" / f"ingest_date={date}"
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist([d.to_row(e) for e in entries], schema=d.STORY_INDEX_SCHEMA)
    pq.write_table(table, folder / "part-00000-of-00001.parquet")


def test_two_nights(tmp_path):
    config = d.DedupConfig()
    index_path = str(tmp_path / "_index" / "stories")
    night1, c1 = run(corpus(), config, NIGHT1, index_path)  # the index folder does not exist yet
    assert c1.get("index_entries_read", 0) == 0
    _write_index(tmp_path, night1["index"], NIGHT1)
    night1_story = {s.uri: s.story_id for s in night1["sightings"]}

    body = story(501, paragraphs=8)
    tonight = [
        article("n2-aol", body[:5], "www.aol.com"),
        article("n2-update", body + story(900, 2), "apnews.com"),
        article("n2-new", story(901), "apnews.com"),
        article("n2-repeat", body, "www.startribune.com"),  # night 1's apnews text again, byte for byte
    ]
    night2, c2 = run(tonight, config, NIGHT2, index_path)
    got = {s.uri: s.story_id for s in night2["sightings"]}
    assert got["n2-aol"] == got["n2-update"] == got["n2-repeat"] == night1_story["s1-ap"]
    assert sorted(e.uri for e in night2["index"]) == ["n2-aol", "n2-new", "n2-update"]  # the repeat's text is indexed already
    assert got["n2-new"] not in night1_story.values()
    assert [a.uri for a in night2["articles"]] == ["n2-new"]
    assert c2["index_entries_read"] == 17 and c2["matched_index"] == 3
    assert night2 == reference(tonight, config, NIGHT2, d.load_story_index(index_path, before_date=NIGHT2))
    _write_index(tmp_path, night2["index"], NIGHT2)

    # Rerunning night 1 after night 2 was indexed: the same answer as the first run.
    rerun, _ = run(corpus(), config, NIGHT1, index_path)
    assert rerun == night1
