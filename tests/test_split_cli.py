"""`wire-ingest split`: reads files as the pipeline does and prints their split as JSON."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from pipelines.split_cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "msn-mexico-us-security.txt"


def run(argv, stdin_bytes: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes), encoding="utf-8")
    code = main(argv, stdin=stdin, stdout=out)
    return code, out.getvalue()


def test_seed_pretty():
    code, out = run([str(SEED)])
    assert code == 0
    assert out.startswith("{\n")
    record = json.loads(out)
    assert record["input"] == str(SEED)
    articles = record["articles"]
    assert [(a["role"], a["position"], a["representation"]) for a in articles] == [
        ("main", 0, "full"), *[("embedded", i, "partial") for i in range(1, 5)], ("embedded", 5, "full")]
    main_article = articles[0]
    assert list(main_article)[:11] == ["role", "position", "representation", "headline", "summary", "paragraphs",
                                       "byline", "dateline", "provider", "published_at", "captions"]
    assert main_article["headline"] == "Mexico and US working to build new security framework"
    assert (main_article["dateline"], main_article["provider"]) == ("MEXICO CITY", "Associated Press")
    assert main_article["published_at"] == "2021-10-08T19:40:00Z"
    assert len(main_article["paragraphs"]) == 13
    assert main_article["captions"][0]["credit"] == "AP Photo/Patrick Semansky, Pool"
    assert set(main_article["captions"][0]) == {"text", "credit"}
    assert all(a["parent_uri"] == main_article["uri"] for a in articles[1:])


def test_gzip_with_sidecar_and_jsonl(tmp_path):
    page = tmp_path / "page.txt.gz"
    page.write_bytes(gzip.compress(SEED.read_bytes()))
    (tmp_path / "page.txt.gz.meta.json").write_text(
        json.dumps({"url": "https://www.msn.com/en-us/news/world/x/ar-AAPf", "fetched_at": "2021-10-09T08:00:00Z"}))
    plain = tmp_path / "plain.txt"
    shutil.copy(SEED, plain)
    code, out = run([str(page), str(plain), "--jsonl"])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert (first["input"], second["input"]) == (str(page), str(plain))
    main_article = first["articles"][0]
    assert main_article["source_url"] == "https://www.msn.com/en-us/news/world/x/ar-AAPf"
    assert main_article["source_domain"] == "msn.com"
    assert main_article["fetched_at"] == "2021-10-09T08:00:00Z"
    assert second["articles"][0]["source_url"] is None
    assert [a["paragraphs"] for a in first["articles"]] == [a["paragraphs"] for a in second["articles"]]


def test_url_option_sets_source(tmp_path):
    code, out = run([str(SEED), "--url", "https://example.org/story", "--jsonl"])
    assert code == 0
    assert {a["source_url"] for a in json.loads(out)["articles"]} == {"https://example.org/story"}


def test_ninjs_output():
    code, out = run([str(SEED), "--ninjs"])
    assert code == 0
    record = json.loads(out)
    (item,) = record["ninjs"]
    assert "articles" not in record
    assert item["representationType"] == "full"
    assert item["located"] == "MEXICO CITY"
    assert len([a for a in item["associations"] if a["type"] == "text"]) == 5


def test_bad_inputs_are_reported_not_raised(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    chrome = tmp_path / "chrome.txt"
    chrome.write_text("•\n•\n\nusr: 2\nnice!\n", encoding="utf-8")
    missing = tmp_path / "missing.html"
    code, out = run([str(empty), str(chrome), str(missing), str(SEED), "--jsonl"])
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["input"] for r in records] == [str(empty), str(chrome), str(missing), str(SEED)]
    assert [(e["stage"], e["reason"]) for e in records[0]["errors"]] == [("ReadRawPages", "empty")]
    assert [(e["stage"], e["reason"]) for e in records[1]["errors"]] == [("SplitPages", "no_article")]
    assert [(e["stage"], e["reason"]) for e in records[2]["errors"]] == [("ReadRawPages", "unreadable")]
    assert [r["articles"] for r in records[:3]] == [[], [], []]
    assert "errors" not in records[3] and len(records[3]["articles"]) == 6


def test_stdin():
    code, out = run(["-", "--jsonl"], stdin_bytes=gzip.compress(SEED.read_bytes()))
    assert code == 0
    record = json.loads(out)
    assert record["input"] == "-"
    assert record["articles"][0]["dateline"] == "MEXICO CITY"


def test_module_entry_point():
    proc = subprocess.run([sys.executable, "-m", "pipelines.split_cli", str(SEED), "--jsonl"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"][0]["provider"] == "Associated Press"
