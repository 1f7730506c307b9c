"""`wire-ingest repair [--jsonl] [--explain]` (pipelines/repair_cli.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pipelines.repair_cli import main

ROOT = Path(__file__).resolve().parents[1]
CAPTION = "Mexican President AndrÈs Manuel LÛpez Obrador speaks"
FIXED = "Mexican President Andrés Manuel López Obrador speaks"


def run(argv, text):
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(text), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_plain_text():
    assert run([], CAPTION + "\n") == (0, FIXED + "\n", "")


def test_plain_text_explain_goes_to_stderr():
    status, out, err = run(["--explain"], CAPTION)
    assert (status, out) == (0, FIXED)
    assert err.splitlines() == ["swap:latin-1/mac-roman\t'AndrÈs Manuel LÛpez' -> 'Andrés Manuel López'", "doubt\t0"]


def test_jsonl():
    lines = [json.dumps({"text": CAPTION}), json.dumps({"text": "clean text"}), "", json.dumps("Der MÃ¤rz")]
    status, out, err = run(["--jsonl"], "\n".join(lines) + "\n")
    assert (status, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"text": FIXED, "repairs": [{"broken": "AndrÈs Manuel LÛpez", "repaired": "Andrés Manuel López", "method": "swap:latin-1/mac-roman"}]},
        {"text": "clean text", "repairs": []},
        {"text": "Der März", "repairs": [{"broken": "MÃ¤rz", "repaired": "März", "method": "ftfy:encode:latin-1,decode:utf-8"}]},
    ]


def test_jsonl_explain_adds_doubt_and_bad_lines_exit_2():
    status, out, err = run(["--jsonl", "--explain"], '{"text": "We went p\\u008c the way"}\nnot json\n{"txt": 1}\n')
    assert status == 2
    assert [json.loads(line) for line in out.splitlines()] == [{"text": "We went p\x8c the way", "repairs": [], "doubt": 1}]
    assert err.splitlines()[0].startswith("line 2: not JSON")
    assert err.splitlines()[1] == 'line 3: expected {"text": <string>}'


def test_python_dash_m():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.repair_cli", "--jsonl"],
        input=json.dumps({"text": CAPTION}) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == FIXED
