"""The console script and `python -m pipelines.ingest` are the same program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pipeline_helpers import mixed_folder, read_table

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).with_name("wire-ingest")


@pytest.mark.parametrize("entry", [[str(EXE), "run"], [sys.executable, "-m", "pipelines.ingest"]])
def test_entry_points_run_the_pipeline(entry, tmp_path):
    mixed_folder(tmp_path / "in")
    proc = subprocess.run(
        entry + ["--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--ingest_date", "2026-11-26",
                 "--runner", "FnApiRunner"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "inputs: 10  pages split: 6  inputs in errors: 4  accounting holds" in proc.stdout
    assert "[wire-ingest] pages read:" in proc.stderr
    assert read_table(tmp_path / "out", "errors").num_rows == 4


def test_quality_gate_exits_non_zero_after_writing(tmp_path):
    mixed_folder(tmp_path / "in")
    config = tmp_path / "strict.yaml"
    config.write_text("quality:\n  max_error_ratio: 0.1\n")
    proc = subprocess.run(
        [str(EXE), "run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"), "--config", str(config),
         "--ingest_date", "2026-11-26", "--runner", "FnApiRunner", "--no_progress"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 3
    assert "error ratio 0.400 is above quality.max_error_ratio 0.1" in proc.stderr
    assert read_table(tmp_path / "out", "errors").num_rows == 4


def test_unknown_subcommand_and_bad_config(tmp_path):
    proc = subprocess.run([str(EXE), "frobnicate"], capture_output=True, text=True)
    assert proc.returncode == 2
    config = tmp_path / "typo.yaml"
    config.write_text("write:\n  shard: 3\n")
    proc = subprocess.run(
        [str(EXE), "run", "--input", str(tmp_path), "--output", str(tmp_path / "o"), "--config", str(config)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "unknown key(s) in write: shard" in proc.stderr
