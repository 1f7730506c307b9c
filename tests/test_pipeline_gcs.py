"""gs:// in and out, through the real google-cloud-storage client and a local GCS emulator."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds

from tests.pipeline_helpers import mixed_folder, run


def test_gcs_round_trip(beam_gcs_anonymous, tmp_path):
    client = beam_gcs_anonymous
    bucket = client.create_bucket("wire-raw-e2e")
    expected = mixed_folder(tmp_path / "in")
    for path in sorted((tmp_path / "in").iterdir()):
        bucket.blob(f"raw/2026-11-26/{path.name}").upload_from_filename(str(path))

    report = run("gs://wire-raw-e2e/raw/2026-11-26/", "gs://wire-raw-e2e/out", "--run_id", "gcs-1")

    assert report["totals"]["inputs"] == len(expected)
    assert report["totals"]["accounting_holds"] is True
    names = sorted(b.name for b in client.list_blobs("wire-raw-e2e", prefix="out/"))
    assert "out/_runs/gcs-1/report.json" in names
    assert not [n for n in names if n.startswith("out/_staging/")]
    local = tmp_path / "download"
    for name in names:
        if name.endswith(".parquet"):
            target = local / name
            target.parent.mkdir(parents=True, exist_ok=True)
            bucket.blob(name).download_to_filename(str(target))
    sightings = ds.dataset(str(local / "out" / "sightings"), format="parquet", partitioning="hive").to_table()
    articles = ds.dataset(str(local / "out" / "articles"), format="parquet", partitioning="hive").to_table()
    errors = ds.dataset(str(local / "out" / "errors"), format="parquet", partitioning="hive").to_table()
    mains = [r for r in sightings.to_pylist() if r["role"] == "main"]
    assert len(mains) == report["totals"]["pages_split"] == 6
    # three stories among the six pages (see tests/pipeline_helpers.mixed_folder): one canonical row each
    assert sorted(r["role"] for r in articles.to_pylist() if r["role"] == "main") == ["main"] * 3
    assert all(r["input_uri"].startswith("gs://wire-raw-e2e/raw/2026-11-26/") for r in mains)
    assert sorted(Path(r["input_uri"]).name for r in errors.to_pylist()) == sorted(
        n for n, outcome in expected.items() if outcome != "ok"
    )
