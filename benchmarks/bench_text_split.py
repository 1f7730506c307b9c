"""Robustness of wire.split.text.split_text on clean article text it has never been tuned for.

The only real text dump we have is the seed page (held exactly by
tests/test_split_seed.py). To see whether the text rules over-fire on other shapes
(lists, tables, pull quotes, subheadings, CJK text, product round-ups), this feeds
each of the 181 ground-truth article bodies of ../shared/data/aeb (clean text, one
paragraph per line) to split_text as a text page, and measures how much of it comes
back as the main article with the aeb metric (benchmarks/aeb_metric.py; the headline
the splitter lifts out of the first line counts as body here, since the truth has it).
A perfect splitter keeps everything (F1 = 1.0) and finds no embedded article and no
caption, because there are none in these texts. The peer in the same run is the
identity: the text itself (F1 = 1.0 by construction; its time is the reading cost).

Caveat: the rules were adjusted while looking at these bodies (the shared-vocabulary
threshold for appended articles, the list after a colon, CJK word counts): this is a
check against over-firing, not a held-out accuracy figure.

Usage: python benchmarks/bench_text_split.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from aeb_metric import evaluate  # noqa: E402

from wire.records import Page, Rejected  # noqa: E402
from wire.split.text import split_text  # noqa: E402


def main() -> int:
    truth = {k: v["articleBody"] for k, v in json.loads((SHARED / "data" / "aeb" / "ground-truth.json").read_text()).items()}
    pages = {
        k: Page(input_uri=k, input_sha256="", text=body, kind="text", charset="utf-8", charset_reason="utf-8")
        for k, body in truth.items()
    }
    predictions: dict[str, str] = {}
    rejected = embedded = captions = pages_with_embedded = 0
    start = time.perf_counter()
    for key, page in pages.items():
        try:
            main_article, *others = split_text(page)
        except Rejected:
            rejected += 1
            predictions[key] = ""
            continue
        embedded += len(others)
        pages_with_embedded += bool(others)
        captions += len(main_article.captions) + sum(len(a.captions) for a in others)
        predictions[key] = "\n".join(p for p in (main_article.headline, main_article.summary, *main_article.paragraphs) if p)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for page in pages.values():
        page.text.splitlines()
    identity = time.perf_counter() - start
    scores = evaluate(predictions, truth)
    result = {
        "pages": len(pages),
        "main_f1": round(scores["f1"], 4),
        "main_precision": round(scores["precision"], 4),
        "main_recall": round(scores["recall"], 4),
        "rejected": rejected,
        "spurious_embedded_articles": embedded,
        "pages_with_spurious_embedded": pages_with_embedded,
        "spurious_captions": captions,
        "pages_per_s": round(len(pages) / elapsed, 1),
        "identity_pages_per_s": round(len(pages) / identity, 1),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results" / "text_split.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
