"""Cost of the per-page guard (transforms/guard.py) on normal pages.

    .venv/bin/python benchmarks/bench_guard.py [--rounds 3]

Splits the 181 aeb pages (../shared/data/aeb/html) three ways in the same process, in
alternating rounds so the noise of a shared machine hits all alike:
  plain   split_page(page)                        (no limits)
  checks  check_page + split_page, in process     (max_seconds_per_page: 0)
  guard   GuardedSplitter: checks + split in a child process with a hard time limit, a page per hand-over
  batched the same child, pages handed over in batches of transforms.split.BATCH_CHARS (as the
          batch pipeline does: transforms.split.SplitBatchFn)
and prints pages/s, per-page overhead and ratios against `plain`, plus the one-off cost of
starting the child. Outputs are compared: the guard must not change a single article.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from transforms.guard import GuardedSplitter, SplitLimits, check_page  # noqa: E402
from wire.decode import decode_page  # noqa: E402
from wire.records import RawPage, Rejected, sha256_hex  # noqa: E402
from wire.split import split_page  # noqa: E402
from transforms.split import BATCH_CHARS  # noqa: E402


def load_pages() -> list:
    pages = []
    for path in sorted((SHARED / "data" / "aeb" / "html").glob("*.html.gz")):
        data = gzip.decompress(path.read_bytes())
        raw = RawPage(input_uri=path.name, data=data, url=None, fetched_at=None, headers=(), input_sha256=sha256_hex(data))
        pages.append(decode_page(raw))
    return pages


def batched(pages: list) -> list[list]:
    """Consecutive pages up to BATCH_CHARS characters a batch, as beam.BatchElements makes them."""
    batches, size = [[]], 0
    for page in pages:
        if size + len(page.text) > BATCH_CHARS and batches[-1]:
            batches.append([])
            size = 0
        batches[-1].append(page)
        size += len(page.text)
    return batches


def outcome(fn, page):
    try:
        return fn(page)
    except Rejected as exc:
        return ("rejected", exc.reason)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = load_pages()
    chars = sum(len(p.text) for p in pages)
    limits = SplitLimits()
    in_process = GuardedSplitter(split_page, SplitLimits(max_seconds_per_page=0))
    guard = GuardedSplitter(split_page, limits)
    started = time.perf_counter()
    guard(pages[0])
    startup = time.perf_counter() - started
    for page in pages:  # warm both paths (lexicons, regex caches)
        outcome(split_page, page)
        outcome(guard, page)
    ways = {"plain": split_page, "checks": in_process, "guard": guard}
    batches = batched(pages)
    totals = dict.fromkeys([*ways, "batched"], 0.0)
    check_only = 0.0
    for _ in range(args.rounds):
        for name, fn in ways.items():
            t = time.perf_counter()
            for page in pages:
                outcome(fn, page)
            totals[name] += time.perf_counter() - t
        t = time.perf_counter()
        for batch in batches:
            guard.map(batch)
        totals["batched"] += time.perf_counter() - t
        t = time.perf_counter()
        for page in pages:
            check_page(page, limits)
        check_only += time.perf_counter() - t
    same = all(outcome(split_page, p) == outcome(guard, p) for p in pages)
    same = same and [o for b in batches for o in guard.map(b)] == [outcome(split_page, p) for p in pages]
    guard.close()
    n = len(pages) * args.rounds
    print(f"aeb pages: {len(pages)} ({chars / len(pages) / 1000:.0f}k chars on average), rounds: {args.rounds}")
    print(f"batches of up to {BATCH_CHARS:,} characters: {len(batches)} ({len(pages) / len(batches):.1f} pages each)")
    print(f"child start (one-off per worker, after a kill): {startup * 1000:.0f} ms")
    print(f"check_page alone: {check_only / n * 1e6:.0f} us/page")
    for name, seconds in totals.items():
        per_page = seconds / n * 1000
        extra = (seconds - totals["plain"]) / n * 1000
        print(f"{name:<7} {n / seconds:7.1f} pages/s  {per_page:6.2f} ms/page  +{extra:5.2f} ms/page  "
              f"ratio vs plain {seconds / totals['plain']:.3f}")
    print(f"identical articles with and without the guard: {same}")


if __name__ == "__main__":
    main()
