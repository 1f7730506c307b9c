"""The demo samples end to end: one AP story on three aggregators, repairs, languages, two nights."""

from __future__ import annotations

import shutil

import pytest

from tests.pipeline_helpers import ROOT, read_table
from pipelines import ingest

SAMPLES = ROOT / "samples"
STORY_A = "Rising Mississippi shuts river locks, stranding hundreds of grain barges"


def run_night(src, out, date, run_id):
    return ingest.run(
        ["--input", str(src), "--output", str(out), "--ingest_date", date, "--run_id", run_id,
         "--no_progress", "--runner", "FnApiRunner"]
    )


@pytest.fixture(scope="module")
def night1(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    report = run_night(SAMPLES, out, "2026-11-26", "night-1")
    return out, report


def test_accounting_on_the_samples(night1):
    _, report = night1
    totals = report["totals"]
    assert (totals["inputs"], totals["pages_split"], totals["inputs_in_errors"]) == (12, 12, 0)
    assert totals["accounting_holds"] is True
    assert totals["sightings"] == 21  # 12 main articles + 9 embedded (5 seed cards, 3 msn cards, 1 appended)
    assert report["articles_by_role_language"] == {"main:en": 9, "main:es": 1, "embedded:en": 9}


def test_story_a_is_one_canonical_row_with_three_aggregators_and_three_sightings(night1):
    out, _ = night1
    articles = read_table(out, "articles").to_pylist()
    [story_a] = [a for a in articles if a["role"] == "main" and a["headline"] == STORY_A]
    aggregators = sorted(s["name"] for s in story_a["info_sources"] if s["role"] == "aggregator")
    originators = [s["name"] for s in story_a["info_sources"] if s["role"] == "originator"]
    assert len(aggregators) == 3
    assert originators == ["Associated Press"]
    assert story_a["is_canonical"] is True
    sightings = [s for s in read_table(out, "sightings").to_pylist() if s["story_id"] == story_a["story_id"]]
    assert sorted(s["input_uri"].rsplit("/", 1)[-1] for s in sightings) == [
        "msn-mississippi-locks-barges.html",
        "riverbendtribune-mississippi-locks-barges.html.gz",
        "yahoo-mississippi-locks-barges.html",
    ]
    assert [s["is_canonical"] for s in sightings].count(True) == 1


def test_mojibake_captions_are_repaired_and_audited(night1):
    out, _ = night1
    articles = {a["input_uri"].rsplit("/", 1)[-1]: a for a in read_table(out, "articles").to_pylist() if a["role"] == "main"}
    seed = articles["msn-mexico-us-security.txt"]
    assert [(r["broken"], r["repaired"], r["method"]) for r in seed["text_repairs"]] == [
        ("AndrÈs Manuel LÛpez", "Andrés Manuel López", "swap:latin-1/mac-roman")
    ]
    assert "Mexican President Andrés Manuel López Obrador and Foreign Minister" in seed["captions"][2]["text"]
    bakery = articles["yahoo-san-benito-bakery-fire.html"]
    assert {r["method"] for r in bakery["text_repairs"]} == {"swap:latin-1/mac-roman"}
    assert not any("È" in c["text"] or "Ì" in c["text"] for c in bakery["captions"])


def test_languages_and_partitions(night1):
    out, _ = night1
    articles = read_table(out, "articles").to_pylist()
    spanish = [a for a in articles if a["language"] == "es"]
    assert [a["input_uri"].rsplit("/", 1)[-1] for a in spanish] == ["apnews-es-aguacate-bloqueos-michoacan.html"]
    assert sorted(p.name for p in (out / "articles" / "ingest_date=2026-11-26").iterdir()) == ["language=en", "language=es"]
    assert read_table(out, "errors").num_rows == 0  # an empty table, present with its schema


def test_night_two_copies_join_night_one_story_ids(night1, tmp_path):
    out, _ = night1
    night1_ids = {s["input_uri"].rsplit("/", 1)[-1]: s["story_id"] for s in read_table(out, "sightings").to_pylist()
                  if s["role"] == "main"}
    # Night 2: a new aggregator copy of story A and a re-crawl of the Spanish story under new names.
    src = tmp_path / "night2"
    src.mkdir()
    shutil.copy(SAMPLES / "yahoo-mississippi-locks-barges.html", src / "wral-mississippi-locks.html")
    (src / "wral-mississippi-locks.html.meta.json").write_text(
        '{"url": "https://www.wral.com/news/mississippi-locks", "fetched_at": "2026-11-27T05:00:00Z"}'
    )
    shutil.copy(SAMPLES / "apnews-es-aguacate-bloqueos-michoacan.html", src / "aguacate-recrawl.html")
    report = run_night(src, out, "2026-11-27", "night-2")
    assert report["totals"]["pages_split"] == 2
    night2 = [s for s in read_table(out, "sightings").to_pylist() if s["run_id"] == "night-2" and s["role"] == "main"]
    got = {s["input_uri"].rsplit("/", 1)[-1]: s["story_id"] for s in night2}
    assert got == {
        "wral-mississippi-locks.html": night1_ids["msn-mississippi-locks-barges.html"],
        "aguacate-recrawl.html": night1_ids["apnews-es-aguacate-bloqueos-michoacan.html"],
    }
    assert not any(s["is_canonical"] for s in night2)  # the story's canonical row is night 1's
    # Rerunning night 1 does not turn its stories into duplicates of themselves.
    rerun = run_night(SAMPLES, out, "2026-11-26", "night-1-again")
    assert rerun["totals"]["stories"] == 19
