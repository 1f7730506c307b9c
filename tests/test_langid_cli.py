"""`wire-ingest langid`: stdin lines in, one result line out per input line, same answers as the stage."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import langid_cli
from wire.langid import LanguageIdentifier

ROOT = Path(__file__).resolve().parents[1]

EN = "The city council approved the new budget on Tuesday after a long debate about school funding."
FR = "Le conseil municipal a approuvé mardi le nouveau budget après un long débat sur les écoles."


@pytest.fixture(scope="module")
def ident() -> LanguageIdentifier:
    return LanguageIdentifier()


def _run(argv: list[str], text: str) -> tuple[int, str]:
    out = io.StringIO()
    status = langid_cli.main(argv, stdin=io.StringIO(text), stdout=out)
    return status, out.getvalue()


def test_jsonl_lines_in_result_lines_out(ident):
    lines = [
        json.dumps({"text": EN}),
        json.dumps({"text": FR, "declared": "en"}),
        json.dumps({"text": "ok"}),
    ]
    status, out = _run(["--jsonl"], "\n".join(lines) + "\n")
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    en, fr, short = ident.detect(EN), ident.detect(FR, "en"), ident.detect("ok")
    assert records == [
        {"language": "en", "score": en.score, "candidate": "en", "reason": en.reason, "letters": en.letters,
         "declared": None, "disagreed_with_declared": False},
        {"language": "fr", "score": fr.score, "candidate": "fr", "reason": fr.reason, "letters": fr.letters,
         "declared": "en", "disagreed_with_declared": True},
        {"language": "und", "score": short.score, "candidate": short.candidate, "reason": short.reason,
         "letters": 2, "declared": None, "disagreed_with_declared": False},
    ]


def test_bad_jsonl_lines_are_reported_and_set_the_exit_status(ident):
    text = "\n".join(["not json", json.dumps(["text"]), json.dumps({"text": 3}), "", json.dumps({"text": EN})])
    status, out = _run(["--jsonl"], text + "\n")
    assert status == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r.get("line") for r in records[:3]] == [1, 2, 3]
    assert all("error" in r for r in records[:3])
    assert records[3]["language"] == "en" and len(records) == 4  # the blank line is skipped, the rest goes on


def test_plain_mode_one_line_per_line_including_blank_ones(ident):
    status, out = _run([], f"{EN}\n\n{FR}\n")
    assert status == 0
    assert out.splitlines() == [f"en\t{ident.detect(EN).score}", "und\t0.0", f"fr\t{ident.detect(FR).score}"]


def test_min_score_option():
    status, out = _run(["--min-score", "1.0"], EN + "\n")
    assert status == 0 and out.startswith("und\t")
    assert _run(["--min-score", "7"], EN + "\n")[0] == 2


def test_python_dash_m_works():
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.langid_cli", "--jsonl"], input=json.dumps({"text": FR}) + "\n",
        capture_output=True, text=True, cwd=ROOT, check=True, timeout=120,
    )
    assert json.loads(proc.stdout)["language"] == "fr"
