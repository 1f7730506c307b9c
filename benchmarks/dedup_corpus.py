"""Seeded, labelled corpus for the dedup benchmark: wire stories as aggregators carry them.

Stories: the real article bodies of ../shared/data/aeb/ground-truth.json (read
at run time, never copied into the repo), framed as AP wire copy (dateline,
byline, copyright trailer). Every story is rendered through at least three of
four templates written here:

  apnews   the wire's own site: full body, dateline, byline, trailer
  msn      www.msn.com-like: headline rewritten, "(AP Photo/...)" credits, an
           inserted "Read more:" card, sometimes the last paragraphs trimmed,
           plus teaser cards (representation "partial") for other stories
  yahoo    news.yahoo.com-like: no byline, straight quotes, sometimes an
           updated version with two added paragraphs
  local    a local paper: heavily trimmed (first 55-85%), "Associated Press"
           trailer, a changed headline, ASCII dashes

Hard negatives: "sibling" stories on the same event, i.e. another real body
into which one or two background paragraphs of the first story are pasted;
they are different stories and must stay apart.

Labels: every copy carries `story` (the true story id); a teaser's label is
`teaser:<story>` (teasers of one story on several pages are one teaser).

Scale corpus: `scale_corpus()` draws ~N/10 synthetic stories from a seeded
word-bigram model of the same bodies (so they share common phrases like real
news does) and renders ~10 copies each through the same templates.

Both kinds emit `wire.records.Article` directly (`LabelledCopy.article`) and
raw HTML pages with a `.meta.json` sidecar (`write_pages`).
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from wire.records import Article, article_uri, sha256_hex

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GROUND_TRUTH = SHARED / "data" / "aeb" / "ground-truth.json"

TEMPLATES = ("apnews", "msn", "yahoo", "local")
LOCAL_SITES = ("www.sfgate.com", "www.ctpost.com", "www.chron.com", "www.startribune.com", "www.kansascity.com", "www.dailyherald.com")
CITIES = ("WASHINGTON", "NEW YORK", "LOS ANGELES", "MEXICO CITY", "LONDON", "CHICAGO", "PARIS", "TOKYO", "ATLANTA", "DENVER")
NAMES = ("Jane Doe", "Mark Stevenson", "María Verza", "Chris Megerian", "Lisa Mascaro", "Seth Borenstein", "Josh Boak")
BASE_TIME = datetime(2026, 11, 26, 6, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Story:
    story_id: str
    headline: str
    dateline: str
    byline: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class LabelledCopy:
    article: Article
    story: str  # the true label
    template: str
    kind: str  # "copy", "update", "teaser", "negative"


# ---------------------------------------------------------------------------
# Story texts


def _paragraphs(body: str, rng: random.Random) -> list[str]:
    """Real paragraphs; a body that is one wall of text is cut into 2-4 sentence paragraphs."""
    paras = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
    if len(paras) >= 4:
        return paras
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(paras))
    out, i = [], 0
    while i < len(sentences):
        n = rng.randint(2, 4)
        out.append(" ".join(sentences[i : i + n]))
        i += n
    return out


def _lede(paragraphs) -> str:
    """The first real paragraph (some bodies open with a bare dateline line like "BAAR, SWITZERLAND")."""
    return next((p for p in paragraphs if len(p.split()) >= 8), paragraphs[0])


def _headline(paragraphs: list[str]) -> str:
    words = _lede(paragraphs).split()[:9]
    return " ".join(words).rstrip(",.;:") .capitalize()


def real_stories(seed: int = 0, min_words: int = 150, limit: int | None = None) -> list[Story]:
    data = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    stories = []
    for key in sorted(data):
        body = data[key]["articleBody"]
        if len(body.split()) < min_words:
            continue
        paras = _paragraphs(body, rng)
        stories.append(
            Story(
                story_id=f"aeb:{key[:12]}",
                headline=_headline(paras),
                dateline=rng.choice(CITIES),
                byline=rng.choice(NAMES),
                paragraphs=tuple(paras),
            )
        )
    rng.shuffle(stories)
    return stories[:limit] if limit else stories


class BigramModel:
    """Word bigrams of the real bodies: seeded synthetic paragraphs for the scale corpus."""

    def __init__(self, seed: int = 0) -> None:
        data = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        self.lengths: list[int] = []
        for key in sorted(data):
            for para in data[key]["articleBody"].split("\n"):
                tokens = para.split()
                if len(tokens) < 8:
                    continue
                self.lengths.append(min(len(tokens), 80))
                self.starts.append(tokens[0])
                for a, b in zip(tokens, tokens[1:]):
                    self.next.setdefault(a, []).append(b)
        self.rng = random.Random(seed)

    def paragraph(self) -> str:
        rng = self.rng
        n = rng.choice(self.lengths)
        word = rng.choice(self.starts)
        out = [word]
        while len(out) < n:
            nxt = self.next.get(word)
            word = rng.choice(nxt) if nxt else rng.choice(self.starts)
            out.append(word)
        text = " ".join(out)
        return text if text.endswith((".", "?", "!", "\u201d")) else text + "."

    def story(self, story_id: str) -> Story:
        rng = self.rng
        paras = [self.paragraph() for _ in range(rng.randint(6, 16))]
        return Story(story_id, _headline(paras), rng.choice(CITIES), rng.choice(NAMES), tuple(paras))


# ---------------------------------------------------------------------------
# Templates


def _ascii_punct(text: str) -> str:
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "--")


def _credit(rng: random.Random) -> str:
    return f"(AP Photo/{rng.choice(NAMES)})"


def _update_paragraphs(story: Story, rng: random.Random) -> list[str]:
    """Two new paragraphs of a later version: new sentences built from the story's own words."""
    vocab = " ".join(story.paragraphs).split()
    out = []
    for _ in range(2):
        n = rng.randint(22, 40)
        start = rng.randrange(max(1, len(vocab) - n))
        words = vocab[start : start + n]
        rng.shuffle(words)
        out.append("Officials said later on " + rng.choice(("Monday", "Tuesday", "Friday")) + " that " + " ".join(words) + ".")
    return out


def render(story: Story, template: str, rng: random.Random, *, update: bool = False, teasers: tuple[Story, ...] = (),
           serial: int = 0, fetched_at: datetime | None = None) -> list[tuple[Article, str, str]]:
    """One page of `template` carrying `story`: [(article, kind, label)], main first, then teaser cards."""
    paras = list(story.paragraphs)
    if update:
        at = rng.randint(2, len(paras))
        paras = paras[:at] + _update_paragraphs(story, rng) + paras[at:]
    headline = story.headline
    first = f"{story.dateline} (AP) \u2014 {paras[0]}"
    if template == "apnews":
        domain = "apnews.com"
        body = [f"By {story.byline}, Associated Press", first, *paras[1:], "Copyright 2026 The Associated Press. All rights reserved."]
    elif template == "msn":
        domain = "www.msn.com"
        headline = "Report: " + headline
        keep = len(paras) if rng.random() < 0.5 else max(3, int(len(paras) * rng.uniform(0.7, 0.95)))
        body = [first, *paras[1:keep]]
        if len(body) > 3:
            body.insert(rng.randint(2, len(body) - 1), "Read more: " + rng.choice(("What to know", "The latest news", "Top stories today")))
        if rng.random() < 0.5:
            body[1] = body[1] + " " + _credit(rng)
    elif template == "yahoo":
        domain = "news.yahoo.com"
        headline = headline + " | Yahoo News"
        body = [_ascii_punct(first), *[_ascii_punct(p) for p in paras[1:]], "Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."]
    elif template == "local":
        domain = rng.choice(LOCAL_SITES)
        headline = headline.upper()
        keep = max(3, int(len(paras) * rng.uniform(0.55, 0.85)))
        body = [f"By {story.byline.upper()} Associated Press", first.replace("\u2014", "--"), *paras[1:keep]]
    else:
        raise ValueError(template)
    url = f"https://{domain}/{template}/{story.story_id.replace(':', '-')}-{serial}"
    input_uri = f"bench://{template}/{story.story_id}/{serial}.html"
    input_sha = sha256_hex(input_uri)
    fetched = fetched_at or BASE_TIME + timedelta(minutes=rng.randint(0, 24 * 60))
    main = Article(
        uri=article_uri(input_uri, input_sha, "main", 0), role="main", position=0, representation="full",
        input_uri=input_uri, input_sha256=input_sha, headline=headline, paragraphs=tuple(body),
        byline=story.byline, dateline=story.dateline, provider="Associated Press", is_wire=True,
        source_url=url, source_domain=domain, fetched_at=fetched, language="en",
    )
    out = [(main, "update" if update else "copy", story.story_id)]
    for i, other in enumerate(teasers, start=1):
        teaser = Article(
            uri=article_uri(input_uri, input_sha, "embedded", i), role="embedded", position=i, representation="partial",
            input_uri=input_uri, input_sha256=input_sha, headline=other.headline,
            paragraphs=(_lede(other.paragraphs)[:160],), provider="Associated Press", is_wire=True,
            source_url=url, source_domain=domain, fetched_at=fetched, parent_uri=main.uri, language="en",
            links_to=f"https://{domain}/story/{other.story_id}",
        )
        out.append((teaser, "teaser", f"teaser:{other.story_id}"))
    return out


def _sibling(story: Story, other: Story, rng: random.Random, sid: str) -> Story:
    """A different story on the same event: another body with 1-2 of `story`'s paragraphs pasted in."""
    shared = rng.sample(story.paragraphs[1:], k=min(len(story.paragraphs) - 1, rng.choice((1, 2))))
    paras = list(other.paragraphs)
    for p in shared:
        paras.insert(rng.randint(1, len(paras)), p)
    return Story(sid, other.headline, story.dateline, other.byline, tuple(paras))


def _copies_of(story: Story, rng: random.Random, pool: list[Story], min_templates: int = 3) -> Iterator[LabelledCopy]:
    templates = rng.sample(TEMPLATES, k=rng.randint(min_templates, len(TEMPLATES)))
    for serial, template in enumerate(templates):
        update = template == "yahoo" and rng.random() < 0.4
        teasers = tuple(rng.sample(pool, k=2)) if template == "msn" and pool else ()
        for art, kind, label in render(story, template, rng, update=update, teasers=teasers, serial=serial):
            yield LabelledCopy(art, label, template, kind)


def build_corpus(seed: int = 0, n_stories: int | None = None, negatives: int = 30) -> list[LabelledCopy]:
    """The accuracy corpus: every usable real body as a story (>= 50), 3-4 templates each, plus hard negatives."""
    rng = random.Random(seed)
    stories = real_stories(seed)
    if n_stories:
        stories = stories[:n_stories]
    if len(stories) < 50 + 2 * negatives:
        negatives = max(0, (len(stories) - 50) // 2)
    # The last 2*negatives bodies become siblings of the first `negatives` stories.
    base = stories[: len(stories) - negatives]
    donors = stories[len(stories) - negatives :]
    siblings = [_sibling(base[i], donors[i], rng, f"sibling:{base[i].story_id}") for i in range(negatives)]
    out: list[LabelledCopy] = []
    for story in base:
        out.extend(_copies_of(story, rng, base))
    for sib in siblings:
        for c in _copies_of(sib, rng, base):
            out.append(LabelledCopy(c.article, c.story, c.template, "negative" if c.kind != "teaser" else c.kind))
    return out


def scale_corpus(n_articles: int = 100_000, seed: int = 0, copies: int = 10) -> list[LabelledCopy]:
    """~n_articles main articles of ~n_articles/copies synthetic stories (templates cycled, several copies per template)."""
    rng = random.Random(seed)
    model = BigramModel(seed)
    out: list[LabelledCopy] = []
    s = 0
    while len(out) < n_articles:
        story = model.story(f"syn:{s:06d}")
        s += 1
        k = max(3, min(copies * 2 - 3, int(rng.gauss(copies, 2))))
        for serial in range(k):
            template = TEMPLATES[serial % len(TEMPLATES)] if serial < 4 else rng.choice(TEMPLATES)
            update = template == "yahoo" and rng.random() < 0.3
            for art, kind, label in render(story, template, rng, update=update, serial=serial):
                out.append(LabelledCopy(art, label, template, kind))
                if len(out) >= n_articles:
                    break
            if len(out) >= n_articles:
                break
    return out


# ---------------------------------------------------------------------------
# Raw HTML pages (for the end-to-end benchmark)

_PAGE = {
    "apnews": ('<div class="Page-content"><h1 class="Page-headline">{headline}</h1><div class="Page-byline">{byline}</div>'
               '<div class="RichTextStoryBody RichTextBody">{body}</div></div>'),
    "msn": ('<div id="main"><header><h1>{headline}</h1><span class="provider">Associated Press</span></header>'
            '<article class="articlecontent"><section>{body}</section></article><aside class="rail">{cards}</aside></div>'),
    "yahoo": ('<div id="module-article"><header class="caas-title-wrapper"><h1>{headline}</h1></header>'
              '<div class="caas-attr-provider">Associated Press</div><div class="caas-body">{body}</div>{cards}</div>'),
    "local": ('<div class="article"><h1 class="headline">{headline}</h1><div class="byline">{byline}</div>'
              '<section class="article-body">{body}</section></div>'),
}


def page_html(main: Article, template: str, teasers: list[Article]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in main.paragraphs)
    cards = "".join(
        f'<div class="card"><a href="{html.escape(t.links_to or "")}"><h3>{html.escape(t.headline or "")}</h3>'
        f"<p>{html.escape(t.paragraphs[0] if t.paragraphs else '')}</p></a></div>"
        for t in teasers
    )
    inner = _PAGE[template].format(headline=html.escape(main.headline or ""), byline=html.escape(f"By {main.byline}"), body=body, cards=cards)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(main.headline or "")}</title>'
        f'<link rel="canonical" href="{html.escape(main.source_url or "")}"><meta property="og:site_name" content="{main.source_domain}">'
        f"</head><body><nav>Home | News | Sports</nav>{inner}<footer>Privacy | Terms</footer></body></html>"
    )


def write_pages(corpus: list[LabelledCopy], folder: Path) -> dict[str, str]:
    """One .html page + .meta.json sidecar per main article; returns {page name: story label}."""
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, tuple[LabelledCopy, list[Article]]] = {}
    for c in corpus:
        key = c.article.input_uri
        if c.article.role == "main":
            pages.setdefault(key, (c, []))
            pages[key] = (c, pages[key][1])
        else:
            pages.setdefault(key, (None, []))[1].append(c.article)  # type: ignore[arg-type]
    labels = {}
    for i, (key, (main, teasers)) in enumerate(sorted(pages.items())):
        name = f"page-{i:06d}-{main.template}.html"
        (folder / name).write_text(page_html(main.article, main.template, teasers), encoding="utf-8")
        meta = {"url": main.article.source_url, "fetched_at": main.article.fetched_at.isoformat()}
        (folder / (name + ".meta.json")).write_text(json.dumps(meta), encoding="utf-8")
        labels[name] = main.story
    (folder / "labels.json").write_text(json.dumps(labels, indent=0, sort_keys=True), encoding="utf-8")
    return labels


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="write the labelled dedup corpus as raw pages")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=int, default=0, help="synthetic scale corpus of this many articles instead")
    args = parser.parse_args()
    corpus = scale_corpus(args.scale, args.seed) if args.scale else build_corpus(args.seed)
    labels = write_pages(corpus, args.out)
    print(f"{len(labels)} pages, {len(set(labels.values()))} stories -> {args.out}")
