"""How fast can the whole pipeline be if splitting cost nothing beyond its lxml parse? (issue 9, target 2)

    .venv/bin/python benchmarks/bench_floor.py [--rounds 2]

Target 2 of issue 9 asks for the whole pipeline's time per page to be at most 4x the time of
an lxml parse of the page alone. This measures the lowest time per page the pipeline can reach
with its present stages and Beam, whatever the splitter does: SplitPages runs a *replay*
splitter that parses each page with wire.split.html.parse_html (the parse the real splitter
starts with) and returns the articles the real splitter made for that page, recorded before
the timed runs. Everything else is the real pipeline doing the same work on the same
articles (reading, the split child and the hand-overs to it, repair, language, dedup, the
writes, Beam); the script checks that the two runs write the same rows. The split child loads
the recorded articles once, on its first page (0.05 s for the 2,000 pages' 12 MB): inside the
floor's time, so the floor is, if anything, a little high.

On the corpus of `make bench` (built in a temp folder, the same seed), in alternating rounds,
each keeping its fastest:
  real    `wire-ingest run`, 1 worker (FnApiRunner), as make bench runs it
  floor   the same run with the replay splitter
  lxml    lxml.html.document_fromstring of every page, 1 process (make bench's limit row)
Prints ms/page of each and their ratios to lxml; writes benchmarks/results/floor.json and
floor.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_corpus import build_corpus, page_files  # noqa: E402
from bench_pipeline import INGEST_DATE, RESULTS, compare_outputs, machine_note, run_peer, warm_caches  # noqa: E402

from wire.records import Rejected  # noqa: E402
from wire.split.html import parse_html  # noqa: E402

TABLE_ENV = "WIRE_FLOOR_TABLE"
_table: dict | None = None


def _key(page) -> tuple:
    return (page.input_uri, page.url, page.input_sha256)


def replay_split(page):
    """The articles the real splitter made for `page` (or its rejection), after parsing the page."""
    global _table
    if _table is None:
        with open(os.environ[TABLE_ENV], "rb") as f:
            _table = pickle.load(f)
    try:
        parse_html(page.text, page.utf8)
    except Rejected:
        pass
    kind, *value = _table[_key(page)]
    if kind == "rejected":
        raise Rejected(*value)
    return value[0]


def record(corpus: Path, dest: Path) -> int:
    """Split every page of the corpus with the real splitter; pickle the outcomes to `dest`."""
    from wire.decode import decode_page
    from wire.ingest_io import read_local_file
    from wire.split import split_page

    table = {}
    for path in page_files(corpus):
        for raw in read_local_file(str(path)):
            page = decode_page(raw)
            try:
                table[_key(page)] = ("ok", split_page(page))
            except Rejected as exc:
                table[_key(page)] = ("rejected", exc.reason, exc.message)
    with open(dest, "wb") as f:
        pickle.dump(table, f, pickle.HIGHEST_PROTOCOL)
    return len(table)


def run_pipeline(corpus: Path, out: Path, floor: bool, env: dict) -> float:
    """One 1-worker run; its report's seconds (graph building to the committed write)."""
    shutil.rmtree(out, ignore_errors=True)
    argv = ["--input", str(corpus), "--output", str(out), "--ingest_date", INGEST_DATE, "--run_id", "floor",
            "--no_progress", "--runner", "FnApiRunner"]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--pipeline" if not floor else "--floor-pipeline", *argv]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return json.loads((out / "_runs" / "floor" / "report.json").read_text())["seconds"]


def _pipeline_main(argv: list[str], floor: bool) -> None:
    import pipelines.ingest as ingest

    if floor:
        import bench_floor  # by its module name, so the split child can unpickle the splitter

        ingest.SplitPages = functools.partial(ingest.SplitPages, bench_floor.replay_split)
    ingest.run(argv)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args, rest = parser.parse_known_args()
    if rest and rest[0] in ("--pipeline", "--floor-pipeline"):
        _pipeline_main(rest[1:], floor=rest[0] == "--floor-pipeline")
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="wire-floor-"))
    try:
        corpus = tmp / "corpus"
        manifest = build_corpus(corpus)
        files = tmp / "files"
        files.write_text("\n".join(str(p) for p in page_files(corpus)) + "\n")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")]),
                   WIRE_INGEST_CACHE_DIR=str(tmp / "cache"), **{TABLE_ENV: str(tmp / "table.pkl")})
        warm_caches(ROOT, env)
        pages = record(corpus, tmp / "table.pkl")
        times: dict[str, list[float]] = {"real": [], "floor": [], "lxml": []}
        for rnd in range(args.rounds):
            times["real"].append(run_pipeline(corpus, tmp / "out-real", False, env))
            times["floor"].append(run_pipeline(corpus, tmp / "out-floor", True, env))
            times["lxml"].append(run_peer("lxml", files, 1)["seconds"])
            print(f"round {rnd + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), file=sys.stderr)
        same = compare_outputs(tmp / "out-real", tmp / "out-floor")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ms = {k: min(v) / manifest["pages"] * 1e3 for k, v in times.items()}
    res = {
        "started_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine_note(),
        "pages": manifest["pages"],
        "pages_recorded": pages,
        "rounds_seconds": times,
        "ms_per_page": {k: round(v, 3) for k, v in ms.items()},
        "over_lxml": {k: round(ms[k] / ms["lxml"], 2) for k in ("real", "floor")},
        "budget_ms_per_page_target_2": round(4 * ms["lxml"], 3),
        "same_rows": {k: v["identical"] for k, v in same.items()},
    }
    md = [
        f"# The floor of target 2 ({res['started_at']})\n",
        f"{res['pages']:,} pages (make bench's corpus); {res['machine']}; fastest of {args.rounds} alternating rounds. "
        "`floor` is the whole 1-worker pipeline with a splitter that parses each page and returns the "
        "articles the real splitter made for it (benchmarks/bench_floor.py).\n",
        "| run | ms / page | x lxml parse |",
        "|---|---:|---:|",
        f"| real pipeline | {ms['real']:.2f} | {res['over_lxml']['real']:.1f} |",
        f"| floor: splitting costs only its parse | {ms['floor']:.2f} | {res['over_lxml']['floor']:.1f} |",
        f"| lxml.html parse only | {ms['lxml']:.2f} | 1.0 |",
        "",
        f"Target 2's budget: {res['budget_ms_per_page_target_2']:.2f} ms / page (4x lxml). "
        f"Same rows in both runs: {all(res['same_rows'].values())} ({', '.join(res['same_rows'])}).",
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "floor.json").write_text(json.dumps(res, indent=1) + "\n")
    (args.out / "floor.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
