"""End to end on the FnApiRunner: a folder of good and bad pages -> Parquet, read back two ways."""

from __future__ import annotations

import gc
import json

import duckdb
import pytest

from tests.pipeline_helpers import files_under, mixed_folder, read_table, run
from wire import schema


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    expected = mixed_folder(base / "in")
    report = run(str(base / "in"), str(base / "out"), "--run_id", "run-1")
    return base, expected, report


def test_accounting_identity_and_exact_errors(first_run):
    base, expected, report = first_run
    totals = report["totals"]
    bad = {name: reason for name, reason in expected.items() if reason != "ok"}
    assert totals["inputs"] == len(expected) == 10
    assert totals["pages_split"] == len(expected) - len(bad) == 6
    assert totals["inputs_in_errors"] == len(bad) == 4
    assert totals["accounting_holds"] is True
    assert totals["skipped_objects"] == 1  # notes.md is not a page
    errors = read_table(base / "out", "errors").to_pylist()
    got = {row["input_uri"].rsplit("/", 1)[-1]: (row["stage"], row["reason"]) for row in errors}
    assert got == {name: ("ReadRawPages", reason) for name, reason in bad.items()}
    assert all(row["input_uri"].startswith(str(base / "in") + "/") for row in errors)


def test_every_good_input_is_seen_once_and_copies_share_one_canonical_row(first_run):
    base, expected, _ = first_run
    sightings = read_table(base / "out", "sightings").to_pylist()
    mains = [row for row in sightings if row["role"] == "main"]
    names = sorted(row["input_uri"].rsplit("/", 1)[-1] for row in mains)
    assert names == sorted(name for name, outcome in expected.items() if outcome == "ok")
    story = {row["input_uri"].rsplit("/", 1)[-1]: row["story_id"] for row in mains}
    # good.html, its gzipped copy and the WARC's first record carry the same story.
    storm = story["good.html"]
    assert story["good-copy.html.gz"] == story[f"crawl.warc.gz#urn:uuid:{0:08d}-0000-0000-0000-{0:012d}"] == storm
    assert story["wrong-charset.html"] == story[f"crawl.warc.gz#urn:uuid:{0:08d}-0000-0000-0000-{2:012d}"] != storm
    assert story["seed.txt"] not in (storm, story["wrong-charset.html"])

    articles = read_table(base / "out", "articles").to_pylist()
    canonical_mains = {row["story_id"]: row for row in articles if row["role"] == "main"}
    assert len(canonical_mains) == 3
    assert all(row["is_canonical"] for row in articles)
    good = canonical_mains[storm]
    assert good["headline"] == "Storm closes mountain passes"
    assert good["paragraphs"][0].startswith("DENVER (AP) — A fast-moving winter storm")
    assert len(good["paragraphs"]) == 3
    assert good["dateline"] == "DENVER" and good["provider"] == "Associated Press"
    # one originator, and one aggregator entry per copy: good.html, good-copy.html.gz, the WARC record
    assert sorted(s["role"] for s in good["info_sources"]) == ["aggregator"] * 3 + ["originator"]
    french = canonical_mains[story["wrong-charset.html"]]
    assert "fête annuelle du village" in french["body"]
    assert french["language"] == "fr"
    seed = canonical_mains[story["seed.txt"]]
    assert seed["headline"] == "Mexico and US working to build new security framework"
    assert seed["dateline"] == "MEXICO CITY"
    assert seed["provider"] == "Associated Press"
    assert seed["language"] == "en"


def test_decoding_decision_is_recorded(first_run):
    base, _, _ = first_run
    articles = read_table(base / "out", "articles").to_pylist()
    sightings = read_table(base / "out", "sightings").to_pylist()
    by_uri = {row["uri"]: row for row in articles}
    wrong = [s for s in sightings if s["input_uri"].endswith("/wrong-charset.html")][0]
    if wrong["uri"] in by_uri:  # canonical copy of its story
        assert (by_uri[wrong["uri"]]["charset"], by_uri[wrong["uri"]]["charset_reason"]) == ("cp1252", "default-cp1252")
    charsets = {(row["charset"], row["charset_reason"]) for row in articles}
    assert ("utf-8", "utf-8") in charsets


def test_contract_columns_and_partitions(first_run):
    base, _, _ = first_run
    articles = read_table(base / "out", "articles")
    assert articles.schema.names == schema.ARTICLES.names + ["ingest_date", "language"]
    for name in schema.ARTICLES.names:
        assert articles.schema.field(name).type == schema.ARTICLES.field(name).type, name
    assert set(articles["ingest_date"].to_pylist()) == {"2026-11-26"}
    for path in files_under(base / "out" / "articles"):
        assert path.startswith("ingest_date=2026-11-26/language=") and path.endswith(".parquet"), path


def test_duckdb_reads_the_same_rows(first_run):
    base, _, _ = first_run
    out = base / "out"
    con = duckdb.connect()
    rows = con.execute(
        f"select role, count(*) from read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true) "
        "group by role order by role"
    ).fetchall()
    articles = read_table(out, "articles")
    expected = sorted((r, articles["role"].to_pylist().count(r)) for r in set(articles["role"].to_pylist()))
    assert rows == expected
    [(n_errors,)] = con.execute(
        f"select count(*) from read_parquet('{out}/errors/**/*.parquet', hive_partitioning=true) "
        "where ingest_date = '2026-11-26'"
    ).fetchall()
    assert n_errors == 4


def test_report_is_written_and_no_temp_files_remain(first_run):
    base, _, report = first_run
    out = base / "out"
    saved = json.loads((out / "_runs" / "run-1" / "report.json").read_text())
    assert saved["totals"] == report["totals"]
    assert saved["counters"]["ReadRawPages"]["failed:empty"] == 1
    # The WriteToFiles trap: data must reach the table folders, nothing may stay in a temp folder.
    assert not (out / "_staging").exists()
    leftovers = [
        p for p in files_under(out) if not p.startswith(("articles/", "errors/", "sightings/", "_index/stories/", "_runs/"))
    ]
    assert leftovers == []
    # run() freezes the collector's view of the graph for the run only: nothing stays frozen.
    assert gc.get_freeze_count() == 0


def test_rerun_replaces_instead_of_adding(first_run, tmp_path):
    base, _, _ = first_run
    out = base / "out"
    before = read_table(out, "articles").drop(["run_id"]).sort_by("uri").to_pylist()
    files_before = files_under(out / "articles")
    run(str(base / "in"), str(out), "--run_id", "run-2")
    after = read_table(out, "articles").drop(["run_id"]).sort_by("uri").to_pylist()
    assert after == before
    assert files_under(out / "articles") == files_before
    assert set(read_table(out, "articles")["run_id"].to_pylist()) == {"run-2"}


def test_fewer_shards_on_rerun_leave_no_stale_files(tmp_path):
    src = tmp_path / "in"
    mixed_folder(src)
    config = tmp_path / "two-shards.yaml"
    config.write_text("write:\n  shards: 4\n")
    run(str(src), str(tmp_path / "out"), "--config", str(config), "--run_id", "wide")
    wide = read_table(tmp_path / "out", "articles").num_rows
    assert len(files_under(tmp_path / "out" / "errors")) > 1
    run(str(src), str(tmp_path / "out"), "--run_id", "narrow")
    assert read_table(tmp_path / "out", "articles").num_rows == wide
    assert len(files_under(tmp_path / "out" / "errors")) == 1


def test_the_job_writes_its_own_report_with_the_same_totals(tmp_path):
    """A Flex Template launch has no waiting launcher: the graph itself writes report.json."""
    import apache_beam as beam

    from pipelines import ingest
    from wire.config import load_config

    expected = mixed_folder(tmp_path / "in")
    config = load_config(None, input=str(tmp_path / "in"), output=str(tmp_path / "out"), run_id="graph-1",
                         ingest_date="2026-11-26")
    pipeline = beam.Pipeline(runner="FnApiRunner")
    ingest.build_pipeline(pipeline, config)
    result = pipeline.run()
    result.wait_until_finish()
    in_graph = json.loads((tmp_path / "out" / "_runs" / "graph-1" / "report.json").read_text())
    from_counters = ingest.build_report(config, ingest.counters_of(result), 0.0)
    assert in_graph["totals"]["inputs"] == len(expected)
    assert in_graph["totals"]["skipped_objects"] is None
    assert {**in_graph["totals"], "skipped_objects": 1} == from_counters["totals"]
    assert in_graph["articles_by_role_language"] == from_counters["articles_by_role_language"]
    assert in_graph["errors_by_stage_reason"] == from_counters["errors_by_stage_reason"]
    # Every stage times its own work (transforms/common.py busy), for the benchmark's time split.
    counters = ingest.counters_of(result)
    stages = ("ReadRawPages", "SplitPages", "RepairText", "DetectLanguage", "DeduplicateStories", "WriteTables")
    assert all(counters[stage]["busy_us"] > 0 for stage in stages)
