"""The DirectRunner in multi-process mode sees the code as Dataflow workers would (imports, pickling)."""

from __future__ import annotations

from tests.pipeline_helpers import mixed_folder, read_table
from pipelines import ingest


def test_multiprocess_run_matches_in_memory_run(tmp_path):
    mixed_folder(tmp_path / "in")
    common = ["--input", str(tmp_path / "in"), "--ingest_date", "2026-11-26", "--no_progress"]
    ingest.run(common + ["--output", str(tmp_path / "a"), "--runner", "FnApiRunner"])
    report = ingest.run(
        common
        + ["--output", str(tmp_path / "b"), "--runner", "DirectRunner"]
        + ["--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    )
    assert report["totals"]["accounting_holds"] is True
    for table in ("articles", "errors"):
        a = read_table(tmp_path / "a", table).drop(["run_id"]).sort_by("uri" if table == "articles" else "input_uri")
        b = read_table(tmp_path / "b", table).drop(["run_id"]).sort_by("uri" if table == "articles" else "input_uri")
        assert a.to_pylist() == b.to_pylist()
        assert a.num_rows > 0
