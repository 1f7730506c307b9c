"""Main-article quality, card leaks and speed of wire.split.html.split_html.

Data (read-only, ../shared/data): aeb/ (181 pages, ground-truth.json, output/*.json
published by 15 extractors) and aeb_embedded_cards.json (31 of those pages with the
related-story card texts found inside their article body container).

Prints and writes benchmarks/results/split.json:
  1. aeb F1/precision/recall of our main article, beside every published output scored
     by the same code (benchmarks/aeb_metric.py); the run fails loudly if the metric does
     not reproduce trafilatura's published 0.958 from output/trafilatura.json;
  2. the cards leak test: share of card texts whose 4-shingles are mostly (>= 50%) in our
     main body ("leak"), and share mostly found in our embedded articles' headline +
     summary + body ("recovered");
  3. pages/s of split_html and of trafilatura.extract on the same decoded pages, in the
     same run, with the same number of processes (wall clock and CPU seconds), timed in
     alternating rounds (best round each) because the machine is shared.

Usage: python benchmarks/bench_aeb.py [--processes N] [--rounds R] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
AEB = SHARED / "data" / "aeb"
CARDS = SHARED / "data" / "aeb_embedded_cards.json"
RESULTS = ROOT / "benchmarks" / "results" / "split.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from aeb_metric import evaluate, shingles

from wire.records import Page, Rejected
from wire.split.html import split_html

PUBLISHED_TRAFILATURA_F1 = 0.958
CONTAINED = 0.5  # share of a card's shingles that must be found for "leaked" / "recovered"


def load_pages() -> tuple[dict[str, str], dict[str, dict]]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for key in truth:
        raw = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes())
        pages[key] = raw.decode("utf-8", errors="replace")
    return pages, truth


def _split_one(args: tuple[str, str, str | None]) -> tuple[str, str, list[dict]]:
    key, text, url = args
    page = Page(input_uri=key, input_sha256=key, text=text, kind="html", charset="utf-8",
                charset_reason="utf-8", url=url)
    try:
        articles = split_html(page)
    except Rejected:
        return key, "", []
    embedded = [{"headline": a.headline, "summary": a.summary, "body": a.body} for a in articles[1:]]
    return key, articles[0].body, embedded


def _trafilatura_one(args: tuple[str, str, str | None]) -> tuple[str, str]:
    import trafilatura

    key, text, _ = args
    return key, trafilatura.extract(text) or ""


def timed_map(func, items: list, processes: int) -> tuple[list, float, float]:
    """Results, wall seconds, CPU seconds (of this process, or of the pool's children)."""
    if processes <= 1:
        wall, cpu = time.perf_counter(), time.process_time()
        out = [func(item) for item in items]
        return out, time.perf_counter() - wall, time.process_time() - cpu
    before = os.times()
    wall = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        out = pool.map(func, items, chunksize=4)
    wall = time.perf_counter() - wall
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return out, wall, cpu


def contained(part: str, text: str) -> bool:
    want = shingles(part)
    total = sum(want.values())
    return bool(total) and sum((want & shingles(text)).values()) / total >= CONTAINED


def cards_test(bodies: dict[str, str], embedded: dict[str, list[dict]]) -> dict:
    cards = json.loads(CARDS.read_text(encoding="utf-8"))
    n = leaked = recovered = 0
    per_page = {}
    for key, info in cards.items():
        body = bodies.get(key, "")
        emb_text = "\n".join(" ".join(filter(None, (e["headline"], e["summary"], e["body"]))) for e in embedded.get(key, []))
        page_leaks = page_rec = 0
        for text in info["embedded_card_texts"]:
            n += 1
            if contained(text, body):
                leaked += 1
                page_leaks += 1
            if contained(text, emb_text):
                recovered += 1
                page_rec += 1
        per_page[key] = {"cards": len(info["embedded_card_texts"]), "leaked": page_leaks, "recovered": page_rec}
    return {"pages": len(cards), "cards": n, "leak_share": leaked / n, "recovered_share": recovered / n,
            "per_page": per_page}


READABILITY_PAGES = SHARED / "data" / "aggregators" / "mozilla+readability" / "test" / "test-pages"
HELD_OUT = {  # page folder -> the url the page was saved from (readability's expected-metadata)
    "msn": "http://www.msn.com/en-us/news/technology/",
    "yahoo-1": "https://finance.yahoo.com/news/",
    "yahoo-2": "https://www.yahoo.com/news/",
    "yahoo-3": "https://gma.yahoo.com/",
    "yahoo-4": "https://headlines.yahoo.co.jp/",
}


def held_out() -> dict:
    """A second check outside aeb: readability's msn/Yahoo test pages vs its expected text.

    Same metric. These pages were never scored while tuning, but they were looked at during
    development (yahoo-3 motivated the _MAX_GROWTH cap), so they are not a clean hold-out. Note: readability's expected text for yahoo-1 and yahoo-3 includes the
    in-body related links that we return as embedded articles instead, so our recall there
    is capped by design.
    """
    import lxml.html
    import trafilatura

    truths, ours, peer = {}, {}, {}
    for name, url in HELD_OUT.items():
        folder = READABILITY_PAGES / name
        if not folder.exists():
            continue
        source = (folder / "source.html").read_text(encoding="utf-8")
        truths[name] = lxml.html.fromstring((folder / "expected.html").read_text(encoding="utf-8")).text_content()
        ours[name] = _split_one((name, source, url))[1]
        peer[name] = trafilatura.extract(source) or ""
    if not truths:
        return {}
    return {"pages": sorted(truths), "ours": evaluate(ours, truths), "trafilatura": evaluate(peer, truths)}


def published_scores(truths: dict[str, str]) -> dict[str, dict]:
    out = {}
    for path in sorted((AEB / "output").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data.get("output", data)
        predictions = {k: (v.get("articleBody") or "") for k, v in data.items()}
        out[path.stem] = evaluate(predictions, truths)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the speed peer")
    parser.add_argument("--rounds", type=int, default=3, help="alternating timing rounds; each keeps its best")
    args = parser.parse_args()

    pages, truth = load_pages()
    truths = {k: v["articleBody"] for k, v in truth.items()}
    items = [(k, pages[k], truth[k].get("url")) for k in truth]

    published = published_scores(truths)
    traf = published["trafilatura"]["f1"]
    if abs(traf - PUBLISHED_TRAFILATURA_F1) > 0.0005:
        raise SystemExit(f"metric does not reproduce trafilatura's published F1: {traf:.4f} != {PUBLISHED_TRAFILATURA_F1}")

    # Warm up imports and caches outside the timed region, for both contenders. The box is
    # shared, so the two are timed in alternating rounds and each keeps its best round:
    # a load spike during one contender's turn should not decide the ratio.
    _split_one(items[0])
    if not args.no_trafilatura:
        _trafilatura_one(items[0])
    best: dict[str, tuple[float, float]] = {}
    ours = peer = None
    for round_no in range(args.rounds):
        order = ["split_html", "trafilatura_extract"] if round_no % 2 == 0 else ["trafilatura_extract", "split_html"]
        for name in order:
            if name == "trafilatura_extract" and args.no_trafilatura:
                continue
            func = _split_one if name == "split_html" else _trafilatura_one
            out, wall, cpu = timed_map(func, items, args.processes)
            if name == "split_html":
                ours = out
            else:
                peer = out
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    bodies = {k: b for k, b, _ in ours}
    embedded = {k: e for k, _, e in ours}
    score = evaluate(bodies, truths)
    speed = {"pages": len(items), "processes": args.processes, "rounds": args.rounds}
    for name, (wall, cpu) in best.items():
        speed[name] = {"wall_s": wall, "cpu_s": cpu, "pages_per_s": len(items) / wall,
                       "pages_per_cpu_s": len(items) / cpu if cpu else None}
    if peer is not None:
        speed["ratio_wall"] = speed["split_html"]["pages_per_s"] / speed["trafilatura_extract"]["pages_per_s"]
        speed["ratio_cpu"] = best["trafilatura_extract"][1] / best["split_html"][1] if best["split_html"][1] else None
        speed["trafilatura_f1_this_run"] = evaluate(dict(peer), truths)["f1"]
    leaks = cards_test(bodies, embedded)
    unseen = held_out()

    print(f"aeb main-article quality ({len(items)} pages, metric reproduces trafilatura {traf:.3f})")
    print(f"  {'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6}")
    rows = [("wire-ingest split", score)] + sorted(published.items(), key=lambda kv: -kv[1]["f1"])
    for name, s in rows:
        print(f"  {name:<18} {s['f1']:.3f} {s['precision']:.3f} {s['recall']:.3f}")
    if unseen:
        print(f"outside aeb (readability's msn/Yahoo pages, {len(unseen['pages'])}, not scored while tuning): "
              f"ours F1 {unseen['ours']['f1']:.3f} (P {unseen['ours']['precision']:.3f}), "
              f"trafilatura F1 {unseen['trafilatura']['f1']:.3f} (P {unseen['trafilatura']['precision']:.3f})")
    print(f"cards ({leaks['cards']} card texts on {leaks['pages']} pages): "
          f"leak {leaks['leak_share']:.1%} (target <= 5%), recovered as embedded {leaks['recovered_share']:.1%} (target >= 80%)")
    s = speed["split_html"]
    print(f"speed ({args.processes} process(es), best of {args.rounds} alternating rounds): split_html {s['pages_per_s']:.1f} pages/s "
          f"({s['pages_per_cpu_s'] or 0:.1f} per CPU-s)", end="")
    if "trafilatura_extract" in speed:
        t = speed["trafilatura_extract"]
        print(f"; trafilatura.extract {t['pages_per_s']:.1f} pages/s ({t['pages_per_cpu_s'] or 0:.1f} per CPU-s); "
              f"ratio {speed['ratio_wall']:.2f}x wall, {speed['ratio_cpu'] or 0:.2f}x CPU (target >= 2x)")
    else:
        print()

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "aeb": {"ours": score, "published_rescored": published},
        "cards": leaks,
        "held_out": unseen,
        "speed": speed,
        "targets": {"aeb_f1": 0.960, "cards_leak_max": 0.05, "cards_recovered_min": 0.80, "speed_ratio_min": 2.0},
        "tuned_on": (
            "aeb (181 pages) and aeb_embedded_cards.json were the development set for the generic rules and "
            "the body-finder constants in wire/split/html.py (_MIN_PROSE, _SHORT_PENALTY, _CLIMB, _GAIN, "
            "_MAX_GROWTH, _LD_FALLBACK, _SNIPPET_MAX), so their scores here are optimistic; 'held_out' pages "
            "were inspected but never scored while tuning"
        ),
    }, indent=1, sort_keys=True), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
