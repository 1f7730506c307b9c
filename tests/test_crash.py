"""A run killed mid-write leaves nothing half-written in the table folders; the rerun completes it.

The CLI runs in a subprocess (FnApiRunner, so the writers run in that process) with a hook
installed by a small launcher, never by product code: it SIGKILLs the process either halfway
through writing a staged Parquet file, or right after the commit renamed its first file.
Then the tables are read as any user would, and the night is rerun.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.pipeline_helpers import files_under, mixed_folder, read_table, run

ROOT = Path(__file__).resolve().parents[1]

# Installed in the child before the CLI runs. CRASH_PHASE=write: the CRASH_AT-th staged file gets
# half its bytes, then the process is killed. CRASH_PHASE=commit: the commit renames one file, then dies.
LAUNCHER = r"""
import os, signal, sys
from apache_beam.io.filesystems import FileSystems
from transforms import write
from pipelines import ingest

phase, crash_at = os.environ["CRASH_PHASE"], int(os.environ.get("CRASH_AT", "1"))
state = {"n": 0}

def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

class HalfWriter:
    def __init__(self, handle):
        self.handle = handle
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        die()
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()

class Hooked(FileSystems):
    @staticmethod
    def create(path, *args, **kwargs):
        handle = FileSystems.create(path, *args, **kwargs)
        if phase == "write" and "/_staging/" in path:
            state["n"] += 1
            if state["n"] == crash_at:
                return HalfWriter(handle)
        return handle

    @staticmethod
    def rename(sources, destinations):
        if phase == "commit" and sources:
            FileSystems.rename(sources[:1], destinations[:1])
            die()
        return FileSystems.rename(sources, destinations)

write.FileSystems = Hooked
sys.exit(ingest.main(sys.argv[1:]))
"""


def run_killed(folder: Path, out: Path, run_id: str, phase: str, config: Path, crash_at: int = 2) -> int:
    env = dict(os.environ, CRASH_PHASE=phase, CRASH_AT=str(crash_at), PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCHER, "--input", str(folder), "--output", str(out), "--ingest_date", "2026-11-26",
         "--no_progress", "--runner", "FnApiRunner", "--run_id", run_id, "--config", str(config)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    return proc.returncode


def table_files(out: Path) -> list[str]:
    return [f for f in files_under(out) if f.startswith(("articles/", "errors/", "sightings/", "_index/"))]


def contents(out: Path) -> dict[str, list]:
    """Every table's rows without the run id, sorted: what a rerun must reproduce exactly."""
    result = {}
    for table in ("articles", "errors", "sightings", "_index/stories"):
        rows = [{k: v for k, v in row.items() if k != "run_id"} for row in read_table(out, table).to_pylist()]
        result[table] = sorted(repr(sorted(r.items())) for r in rows)
    return result


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    base = tmp_path_factory.mktemp("crash")
    mixed_folder(base / "in")
    config = base / "four-shards.yaml"
    config.write_text("write:\n  shards: 4\n")
    run(str(base / "in"), str(base / "ref"), "--run_id", "ref", "--config", str(config))
    reference = contents(base / "ref")
    assert len(reference["articles"]) >= 6 and len(reference["errors"]) == 4
    return base, config, reference


def test_kill_while_writing_a_shard_leaves_the_tables_untouched(night):
    base, config, reference = night
    out = base / "out-write"
    assert run_killed(base / "in", out, "crash-w", "write", config) == -signal.SIGKILL
    staged = [f for f in files_under(out) if f.startswith("_staging/crash-w/")]
    assert staged, "the kill came before any shard was staged: the test proves nothing"
    half = [f for f in staged if not _is_parquet(out / f)]
    assert len(half) == 1, "exactly one staged file should be half-written"
    assert table_files(out) == []  # nothing visible to readers
    run(str(base / "in"), str(out), "--run_id", "rerun-w", "--config", str(config))
    assert contents(out) == reference
    assert all(_is_parquet(out / f) for f in table_files(out))


def test_kill_over_a_previous_night_keeps_it_then_the_rerun_replaces_it(night):
    base, config, reference = night
    out = base / "out-prev"
    small = base / "small-in"
    small.mkdir()
    (small / "good.html").write_bytes((base / "in" / "good.html").read_bytes())
    (small / "empty.html").write_bytes(b"")
    run(str(small), str(out), "--run_id", "first", "--config", str(config))
    before = {f: (out / f).read_bytes() for f in table_files(out)}
    assert before
    assert run_killed(base / "in", out, "crash-p", "write", config, crash_at=3) == -signal.SIGKILL
    assert {f: (out / f).read_bytes() for f in table_files(out)} == before  # the previous night, byte for byte
    run(str(base / "in"), str(out), "--run_id", "rerun-p", "--config", str(config))
    assert contents(out) == reference


def test_kill_during_the_commit_leaves_only_whole_files_and_the_rerun_completes(night):
    base, config, reference = night
    out = base / "out-commit"
    assert run_killed(base / "in", out, "crash-c", "commit", config) == -signal.SIGKILL
    visible = table_files(out)
    assert len(visible) == 1  # the one file renamed before the kill
    assert all(_is_parquet(out / f) for f in visible)  # renames are atomic: never a partial file
    run(str(base / "in"), str(out), "--run_id", "rerun-c", "--config", str(config))
    assert contents(out) == reference
    assert all(_is_parquet(out / f) for f in table_files(out))


def _is_parquet(path: Path) -> bool:
    try:
        pq.read_metadata(path)
        return True
    except Exception:  # noqa: BLE001 - any failure to read the footer means "not a whole file"
        return False
