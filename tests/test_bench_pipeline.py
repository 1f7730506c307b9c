"""The end-to-end benchmark's own logic: the seeded corpus, the output comparison, the cost arithmetic.

The benchmark itself (benchmarks/bench_pipeline.py) runs for minutes and is not part of the suite.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_corpus
import bench_pipeline

from wire.ingest_io import parse_sidecar

needs_aeb = pytest.mark.skipif(not (SHARED / "data" / "aeb" / "ground-truth.json").exists(), reason="needs ../shared/data/aeb")


@needs_aeb
def test_generated_corpus_is_seeded_and_has_duplicates_mojibake_and_cards(tmp_path):
    a = bench_corpus.build_corpus(tmp_path / "a", aeb_replays=0, generated=24, seed=3)
    b = bench_corpus.build_corpus(tmp_path / "b", aeb_replays=0, generated=24, seed=3)
    files_a = bench_corpus.page_files(tmp_path / "a")
    files_b = bench_corpus.page_files(tmp_path / "b")
    assert a == b
    assert a["pages"] == a["generated"]["pages"] == len(files_a) == 24
    assert [p.relative_to(tmp_path / "a") for p in files_a] == [p.relative_to(tmp_path / "b") for p in files_b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(files_a, files_b))
    # Fewer stories than pages: stories are carried by several aggregators.
    assert a["generated"]["stories"] < 24
    texts = [p.read_text(encoding="utf-8") for p in files_a]
    broken = sum(1 for t in texts if "â€" in t)
    assert broken == a["generated"]["pages_with_mojibake"] > 0
    assert all("(AP) —" in t or "(AP) â€”" in t for t in texts)
    assert sum(t.count('class="story-card"') + t.count("Related:</strong>") + t.count("related-links") for t in texts) >= 24
    for p in files_a:
        meta = parse_sidecar((p.parent / (p.name + ".meta.json")).read_bytes())
        assert meta.url.startswith("https://") and meta.fetched_at is not None


@needs_aeb
def test_aeb_replays_are_byte_identical_under_distinct_urls(tmp_path):
    m = bench_corpus.build_corpus(tmp_path, aeb_replays=2, generated=0)
    assert m["aeb"]["pages"] == 362 and m["generated"]["pages"] == 0
    first = min((tmp_path / "aeb" / "r00").glob("*.html"))
    second = tmp_path / "aeb" / "r01" / first.name
    assert first.read_bytes() == second.read_bytes()
    url0 = parse_sidecar((first.parent / (first.name + ".meta.json")).read_bytes()).url
    url1 = parse_sidecar((second.parent / (second.name + ".meta.json")).read_bytes()).url
    assert url1 != url0 and url1.startswith(url0)


def _write(folder: Path, rows: list[dict]) -> None:
    part = folder / "articles" / "ingest_date=2026-11-26" / "language=en"
    part.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), part / "part-00000.parquet")


def test_compare_outputs_ignores_run_id_and_row_order_but_not_content(tmp_path):
    rows = [{"uri": "u1", "body": "a", "run_id": "r1"}, {"uri": "u2", "body": "b", "run_id": "r1"}]
    _write(tmp_path / "a", rows)
    _write(tmp_path / "b", [dict(r, run_id="r2") for r in reversed(rows)])
    _write(tmp_path / "c", [rows[0], dict(rows[1], body="B")])
    same = bench_pipeline.compare_outputs(tmp_path / "a", tmp_path / "b")
    assert same == {"articles": {"rows_in_memory": 2, "rows_multi_process": 2, "identical": True}}
    diff = bench_pipeline.compare_outputs(tmp_path / "a", tmp_path / "c")
    assert diff["articles"]["identical"] is False
    assert diff["articles"]["only_in_memory"] == 1 and diff["articles"]["only_multi_process"] == 1


def test_cost_prices_core_seconds_as_n1_standard_1_time():
    cost = bench_pipeline.cost_of(cpu_seconds=36.0, pages=1000)
    assert cost["core_seconds_per_1000_pages"] == 36.0
    # 36 core-s per 1k pages -> 36,000 core-s = 10 vCPU-hours per million pages at 0.056 + 3.75 * 0.003557 $/h.
    assert cost["dataflow_usd_per_million_pages"] == pytest.approx(10 * (0.056 + 3.75 * 0.003557), abs=1e-3)


def test_rounds_keep_each_systems_fastest_run_and_every_rate():
    slow = {"name": "ours", "seconds": 30.0, "pages_per_s": 66.7}
    other = {"name": "peer", "seconds": 5.0, "pages_per_s": 80.0}
    systems = [slow, other]
    fast = {"name": "ours", "seconds": 20.0, "pages_per_s": 100.0}
    kept = bench_pipeline.keep_fastest(systems, slow, fast)
    assert kept is fast and systems == [fast, other]
    slower = {"name": "ours", "seconds": 40.0, "pages_per_s": 50.0}
    assert bench_pipeline.keep_fastest(systems, fast, slower) is fast
    assert systems == [fast, other] and fast["rounds_pages_per_s"] == [66.7, 100.0, 50.0]
    a = {"pages": 10, "cpu_seconds": {"SplitPages": 2.0, "RepairText": 1.0}, "wall_seconds": {"SplitPages": 2.5, "RepairText": 1.0}}
    b = {"pages": 10, "cpu_seconds": {"SplitPages": 1.5, "RepairText": 1.2}, "wall_seconds": {"SplitPages": 1.6, "RepairText": 1.3}}
    assert bench_pipeline.fastest_stages(a, b)["cpu_seconds"] == {"SplitPages": 1.5, "RepairText": 1.0}


def test_floor_replay_splitter_returns_what_the_real_splitter_made(tmp_path, monkeypatch):
    import shutil

    import bench_floor

    from wire.decode import decode_page
    from wire.ingest_io import read_local_file
    from wire.records import Rejected
    from wire.split import split_page

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("apnews-oregon-spotted-frog-marsh.html", "aol-quebec-maple-syrup-reserve.html"):
        shutil.copy(ROOT / "samples" / name, corpus / name)
        shutil.copy(ROOT / "samples" / f"{name}.meta.json", corpus / f"{name}.meta.json")
    (corpus / "blank.html").write_text("<html><body><p>Menu</p></body></html>")
    assert bench_floor.record(corpus, tmp_path / "table.pkl") == 3
    monkeypatch.setenv(bench_floor.TABLE_ENV, str(tmp_path / "table.pkl"))
    monkeypatch.setattr(bench_floor, "_table", None)
    pages = {p.name: decode_page(read_local_file(str(p))[0]) for p in sorted(corpus.glob("*.html"))}
    for name in ("apnews-oregon-spotted-frog-marsh.html", "aol-quebec-maple-syrup-reserve.html"):
        replayed = bench_floor.replay_split(pages[name])
        assert replayed == split_page(pages[name]) and replayed[0].headline
    with pytest.raises(Rejected) as exc:
        bench_floor.replay_split(pages["blank.html"])
    assert exc.value.reason == "no_article"
