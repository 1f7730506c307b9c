"""Seeded benchmark corpus for the end-to-end benchmark (issue 9), built in a temp folder.

    python benchmarks/bench_corpus.py DEST [--aeb-replays 10] [--generated 190] [--seed 9]

Two parts, every page with a sidecar `<name>.meta.json` (url, fetched_at):
1. `aeb/rNN/<id>.html`: the 181 pages of ../shared/data/aeb, inflated, each
   replayed under `--aeb-replays` URLs (replay 0 is the page's own URL, the
   others the same host with a feed query string). Byte-identical copies: the
   same work per page as the original, and duplicates for DeduplicateStories.
2. `gen/<aggregator>/<n>.html`: generated multi-aggregator pages. Each story
   (body text taken from an aeb ground-truth article, so word statistics are
   real) is published by 1-4 of five aggregator templates with small edits
   (a paragraph dropped, headline re-cased), wrapped in site chrome, with an
   AP dateline and byline, photo captions, teaser cards inside the body
   (card blocks, "Related:" lines, a "More on ..." link list), and on about a
   quarter of the pages some paragraphs turned into mojibake (UTF-8 read as
   windows-1252) while the page still declares UTF-8.

Deterministic: the same arguments give byte-identical files (random.Random(seed),
no clock). Nothing here is committed: the benchmark builds it under a temp folder.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
AEB = SHARED / "data" / "aeb"

FETCHED_BASE = "2026-11-26T0{h}:{m:02d}:{s:02d}Z"
CITIES = ["WASHINGTON", "NEW YORK", "MEXICO CITY", "LONDON", "CHICAGO", "SÃO PAULO", "BERLIN", "TOKYO", "NAIROBI", "SEATTLE"]
REPORTERS = ["Maria Verza", "John Smith", "Zeke Miller", "Sophie Côté", "Ana Núñez", "Peter Orsi", "Lisa Mascaro", "Jill Lawless"]
PHOTOGRAPHERS = ["Evan Vucci", "Patrick Semansky", "Marco Ugarte", "Alex Brandon"]


@dataclass(frozen=True)
class Story:
    key: str
    headline: str
    paragraphs: tuple[str, ...]


def load_stories() -> list[Story]:
    """aeb ground-truth bodies with at least 4 paragraphs, as wire stories (sorted by id: deterministic)."""
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    stories = []
    for key in sorted(truth):
        paragraphs = [p.strip() for p in truth[key]["articleBody"].split("\n") if len(p.strip()) > 40]
        if len(paragraphs) < 4:
            continue
        words = re.findall(r"[\w'’-]+", paragraphs[0])[:10]
        headline = " ".join(words).strip().capitalize() or key[:12]
        stories.append(Story(key, headline, tuple(paragraphs[:14])))
    return stories


def mojibake(text: str) -> str:
    """UTF-8 bytes read as windows-1252, the commonest break on syndicated pages."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _card(rng: random.Random, others: list[Story], host: str, style: int) -> str:
    other = rng.choice(others)
    url = f"https://{host}/news/{other.key[:16]}"
    snippet = other.paragraphs[0][:160]
    if style == 0:
        return (
            f'<div class="story-card"><a href="{url}"><h3>{_e(other.headline)}</h3></a>'
            f"<p>{_e(snippet)}</p></div>"
        )
    if style == 1:
        return f'<p><strong>Related:</strong> <a href="{url}">{_e(other.headline)}</a></p>'
    items = "".join(
        f'<li><a href="https://{host}/news/{s.key[:16]}">{_e(s.headline)}</a></li>' for s in rng.sample(others, k=min(3, len(others)))
    )
    return f"<h4>More on this story</h4><ul class=\"related-links\">{items}</ul>"


# (host, url pattern, chrome class prefix, body container tag/class)
AGGREGATORS = [
    ("www.msn.com", "https://www.msn.com/en-us/news/world/{slug}/ar-{tok}", "msn", ("div", "articlecontent")),
    ("news.yahoo.com", "https://news.yahoo.com/{slug}-{tok}.html", "caas", ("div", "caas-body")),
    ("www.aol.com", "https://www.aol.com/news/{slug}-{tok}.html", "aol", ("div", "article-content")),
    ("apnews.com", "https://apnews.com/article/{slug}-{tok}", "ap", ("div", "RichTextStoryBody")),
    ("www.localpaper.example", "https://www.localpaper.example/news/{slug}/{tok}", "lp", ("section", "story-text")),
]


def render_page(rng: random.Random, story: Story, agg: tuple, others: list[Story], broken: bool) -> tuple[str, str]:
    host, pattern, prefix, (tag, cls) = agg
    slug = re.sub(r"[^a-z0-9]+", "-", story.headline.lower()).strip("-")[:60]
    tok = hashlib.sha256(f"{story.key}{host}".encode()).hexdigest()[:10]
    url = pattern.format(slug=slug, tok=tok)
    paragraphs = list(story.paragraphs)
    if len(paragraphs) > 5 and rng.random() < 0.4:
        paragraphs.pop()  # aggregators often trim the tail of a wire story
    city = rng.choice(CITIES)
    paragraphs[0] = f"{city} (AP) — {paragraphs[0]}"
    headline = story.headline if rng.random() < 0.7 else story.headline.title()
    if broken:
        # The dateline paragraph always breaks (its em dash becomes "â€”"), plus up to two more.
        for i in {0, *rng.sample(range(1, len(paragraphs)), k=rng.randint(0, 2))}:
            paragraphs[i] = mojibake(paragraphs[i])
    body: list[str] = []
    card_slots = set(rng.sample(range(1, len(paragraphs)), k=min(len(paragraphs) - 1, rng.randint(1, 3))))
    for i, para in enumerate(paragraphs):
        if i == 1:
            body.append(
                f'<figure class="{prefix}-figure"><img src="https://{host}/img/{tok}.jpg" alt="">'
                f"<figcaption>{_e(story.headline)}. (AP Photo/{_e(rng.choice(PHOTOGRAPHERS))})</figcaption></figure>"
            )
        if i in card_slots:
            body.append(_card(rng, others, host, rng.randrange(3)))
        body.append(f"<p>{_e(para)}</p>")
    nav = "".join(f'<li><a href="https://{host}/{s}">{s.title()}</a></li>' for s in ("news", "sports", "money", "weather"))
    rail = "".join(
        f'<li class="{prefix}-trending"><a href="https://{host}/news/{s.key[:16]}">{_e(s.headline)}</a></li>'
        for s in rng.sample(others, k=min(len(others), 6))
    )
    # Real aggregator pages carry tens of kB of inline state; parsers pay for it, extractors skip it.
    state = json.dumps(
        [{"id": s.key[:16], "title": s.headline, "teaser": s.paragraphs[0][:240]} for s in rng.choices(others, k=60)]
    ).replace("</", "<\\/")
    published = f"2026-11-2{rng.randint(0, 5)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(headline)} | {host}</title>
<meta property="og:title" content="{_e(headline)}">
<meta property="og:url" content="{url}">
<meta name="author" content="{_e(rng.choice(REPORTERS))}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script>window.__data = {{"page": "{tok}", "items": {state}}};</script>
<style>.{prefix}-nav {{ display: flex; }}</style></head>
<body><header class="{prefix}-header"><nav class="{prefix}-nav"><ul>{nav}</ul></nav></header>
<main><article><h1>{_e(headline)}</h1>
<div class="{prefix}-byline byline">By {_e(rng.choice(REPORTERS))}, Associated Press</div>
<time datetime="{published}">{published[:10]}</time>
<{tag} class="{cls}">
{chr(10).join(body)}
</{tag}>
<div class="share-tools"><a href="https://twitter.com/share">Share</a> <a href="mailto:">Email</a></div>
</article>
<aside class="{prefix}-rail"><h2>Trending now</h2><ul>{rail}</ul></aside></main>
<section class="comments"><h3>Comments</h3><p>Be the first to comment on this story.</p></section>
<footer class="{prefix}-footer"><p>© 2026 {host}. All rights reserved.</p></footer></body></html>
"""
    return url, doc


def _sidecar(path: Path, url: str, n: int) -> None:
    fetched = FETCHED_BASE.format(h=n // 3600 % 10, m=n // 60 % 60, s=n % 60)
    (path.parent / (path.name + ".meta.json")).write_text(json.dumps({"url": url, "fetched_at": fetched}), encoding="utf-8")


def build_corpus(dest: Path, aeb_replays: int = 10, generated: int = 190, seed: int = 9) -> dict:
    """Write the corpus under `dest`; return a manifest (counts, bytes, mojibake pages)."""
    rng = random.Random(seed)
    dest = Path(dest)
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    n = 0
    aeb_pages = aeb_bytes = 0
    for k in range(aeb_replays):
        folder = dest / "aeb" / f"r{k:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for src in sorted((AEB / "html").glob("*.html.gz")):
            key = src.name[: -len(".html.gz")]
            data = gzip.decompress(src.read_bytes())
            url = truth.get(key, {}).get("url") or f"https://example.com/{key}"
            if k:
                url += ("&" if "?" in url else "?") + f"utm_source=feed{k:02d}"
            path = folder / f"{key}.html"
            path.write_bytes(data)
            _sidecar(path, url, n)
            n += 1
            aeb_pages += 1
            aeb_bytes += len(data)
    stories = load_stories()
    order = list(range(len(stories)))
    rng.shuffle(order)
    gen_pages = gen_bytes = broken_pages = 0
    per_agg: dict[str, int] = {}
    stories_used = 0
    i = 0
    while gen_pages < generated:
        story = stories[order[i % len(order)]]
        i += 1
        stories_used += 1
        copies = min(generated - gen_pages, rng.choices([1, 2, 3, 4], weights=[3, 4, 2, 1])[0])
        others = [s for s in rng.sample(stories, k=8) if s.key != story.key]
        for agg in rng.sample(AGGREGATORS, k=copies):
            broken = rng.random() < 0.25
            url, doc = render_page(rng, story, agg, others, broken)
            name = agg[0].split(".")[-2]
            folder = dest / "gen" / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{gen_pages:05d}.html"
            data = doc.encode("utf-8")
            path.write_bytes(data)
            _sidecar(path, url, n)
            n += 1
            gen_pages += 1
            gen_bytes += len(data)
            broken_pages += broken
            per_agg[name] = per_agg.get(name, 0) + 1
    return {
        "seed": seed,
        "pages": aeb_pages + gen_pages,
        "bytes": aeb_bytes + gen_bytes,
        "aeb": {"pages": aeb_pages, "replays": aeb_replays, "bytes": aeb_bytes},
        "generated": {
            "pages": gen_pages,
            "stories": stories_used,
            "pages_with_mojibake": broken_pages,
            "per_aggregator": dict(sorted(per_agg.items())),
            "bytes": gen_bytes,
        },
    }


def page_files(dest: Path) -> list[Path]:
    """The page objects of a built corpus (sidecars excluded), in a stable order."""
    return sorted(p for p in Path(dest).rglob("*.html") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--aeb-replays", type=int, default=10)
    parser.add_argument("--generated", type=int, default=190)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    print(json.dumps(build_corpus(Path(args.dest), args.aeb_replays, args.generated, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
