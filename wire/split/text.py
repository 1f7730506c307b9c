"""Split a plain-text page (a text rendering of a news page) into articles.

Input: wire.records.Page with kind "text". Output: [main, *embedded] Articles,
main first (position 0), embedded in page order (position 1..n, parent_uri =
main uri). Raises wire.records.Rejected("no_article", ...) for empty or
binary-looking text and for text with no paragraph at all. No counters here:
the SplitPages DoFn counts.

Three passes, every rule by the shape of the text, none by a site's strings:

1. classify each line (a hard-wrapped block is one unit): chrome (bullets, menus,
   share prompts), timestamp lines (the first gives published_at; "Source: X" the
   aggregator), copyright footers, bylines ("By ..." or a names-only line under the
   headline), wire provider labels, list headings ("More Top Stories", "Related"),
   cards (a title line followed by a paragraph that repeats it and goes on with the
   summary; "Read more: X" lines), photo captions (ending in a bracketed credit such
   as "(AP Photo/...)" with optional alt-text residue ": <alt> © Provided by X <alt>",
   a credit on the next line, or starting "© Provided by X"), titles, prose, short
   lines. A comment thread ("handle: 12", "N comments") after the story ends the page;
   above the story such a line is a counter.
2. the body is the run of lines with the most prose words net of chrome (a
   maximum-sum run), started at the wire dateline when one is in it and extended over
   a list that a line ending in ":" announces.
3. assemble: the headline is the nearest title line above the body (a section label
   on it or just above it becomes `section`); cards anywhere and the teasers under a
   list heading after the story are embedded `partial` articles; captions before and
   in the body are the main article's; a second wire dateline, or a title glued to a
   long paragraph on a page that sets paragraphs apart with blank lines, opens an
   appended `full` article, unless its words say it is a section of the main story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wire.records import Article, Caption, InfoSource, Page, Rejected, article_uri
from wire.split.meta import (
    domain_of,
    WIRE_PROVIDERS,
    canonical_provider,
    is_wire_provider,
    parse_datetime,
    parse_provider_credit,
    parse_wire_credit,
    split_caption_credit,
)

# Generic section labels news sites print before or on a headline line. They are
# the vocabulary of news sections, not of any site.
_SECTIONS = sorted(
    [
        "World", "World News", "US", "U.S.", "US News", "U.S. News", "Politics", "Business", "Money",
        "Markets", "Tech", "Technology", "Science", "Health", "Sports", "Sport", "Entertainment",
        "Lifestyle", "Travel", "Opinion", "News", "Local", "Local News", "National", "Nation",
        "Weather", "Crime", "Culture", "Arts", "Food", "Autos", "Education", "Environment", "Climate",
        "Economy", "Finance", "Europe", "Asia", "Africa", "Americas", "Middle East", "Latin America",
        "UK", "Canada", "Australia", "Style", "Fashion", "Music", "Movies", "TV", "Celebrity",
        "Wellness", "Real Estate", "Personal Finance", "Elections", "Top Stories", "Odd News",
        "Offbeat", "Breaking News", "Investigations", "Analysis", "Sci & Tech", "Tech & Science",
    ],
    key=len,
    reverse=True,
)
# Label + next word that form a name, not a section followed by a headline.
_SECTION_COMPOUNDS = frozenset(
    {
        "world cup", "world series", "world war", "world bank", "world health", "world trade",
        "world economic", "world food", "us open", "u.s. open", "health care", "money laundering",
        "news corp", "science museum", "sport england", "travel ban", "climate change", "tech giant",
        "tech giants", "business insider", "local elections", "uk parliament",
    }
)

_KNOWN_PROVIDER_NAMES = sorted({n.lower() for n in WIRE_PROVIDERS} | {"the associated press"}, key=len, reverse=True)
_UI_VERB_RE = re.compile(
    r"^(?:view|get|sign|subscribe|download|follow|join|read|watch|see|click|go|visit|share|log|try|learn|shop|buy|listen|apply|register|manage)\b",
    re.IGNORECASE,
)
_BULLETS = "•·▪●◦‣∙*-–—|>»"
_SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"”’')\]]*$")
_SOURCE_RE = re.compile(r"(?:^|\s)(?:source|via|from)\s*:\s*(?P<name>\S[^\n]{0,80})$", re.IGNORECASE)
_COMMENT_MARKER_RE = re.compile(
    r"^(?:[\w.@-]{1,30}\s*:\s*\d{1,6}"  # "usr: 0" (handle: score)
    r"|\d+\s+comments?"
    r"|comments?\s*(?:\(\d+\)|:\s*\d+)?"
    r"|(?:view|show|load|read|add|post|leave)\s+(?:all\s+|more\s+|a\s+)?comments?.{0,20}"
    r"|join the (?:conversation|discussion).{0,20})$",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    r"^(?:share|tweet|email|print|save|copy link|share this (?:article|story)|follow us.{0,40}|"
    r"advertisement|ad|sponsored|skip (?:to|ad).{0,30}|continue reading.{0,10}|see more|show more|"
    r"click here.{0,60}|sign up.{0,80}|subscribe.{0,80}|\d+\s*(?:min|minute)s?\s+read)$",
    re.IGNORECASE,
)
_COPYRIGHT_FOOTER_RE = re.compile(r"^(?:©|\(c\)|copyright\b).{0,160}(?:\d{4}|rights reserved)", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^(?:by|von|par|por|di|door)\s+(?P<name>[A-ZÀ-Þ][^\n]{1,100})$", re.IGNORECASE)
_LINK_CARD_RE = re.compile(
    r"^(?:read more|related|related story|related article|more|see also|also read|read also|"
    r"recommended|watch|more on(?: this)?|more from [^:]{1,40}|read next|up next|don't miss|"
    r"must read|trending)\s*[:|»>–—-]\s*(?P<title>\S.{3,250})$",
    re.IGNORECASE,
)
_CREDIT_PAREN_RE = re.compile(
    r"\((?P<credit>[^()]{2,160})\)(?P<tail>\s*(?::\s*(?P<residue>.*)|\d{1,3}\s*(?:of|/)\s*\d{1,3})?)$"  # "1 of 2": a slideshow counter
)
_PHOTO_CREDIT_HINT_RE = re.compile(r"photo|image|getty|/|©|courtesy|handout|pool\b|file\b", re.IGNORECASE)
_STRONG_CREDIT_RE = re.compile(
    r"photo|image|getty|©|courtesy|handout|pool\b|file\b|reuters|afp\b|\bap\b|\bepa\b|shutterstock", re.IGNORECASE
)
_STANDALONE_CREDIT_RE = re.compile(r"^\(?(?P<credit>(?:[^()]{0,40}\bphoto\b|photo)[^()]{0,120})\)?$", re.IGNORECASE)
_NOT_PHOTO_CREDIT_RE = re.compile(r"^(?:reporting|writing|editing|additional reporting|compiled)\b", re.IGNORECASE)


@dataclass
class _Unit:
    text: str
    block: int
    first_in_block: bool
    next_in_block: bool  # another unit follows in the same block (no blank line between)


@dataclass
class _Draft:
    representation: str
    headline: str | None = None
    summary: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    provider: str | None = None
    order: list[int] = field(default_factory=list)  # unit index of each paragraph
    title_unit: tuple[int, str] | None = None  # an appended article's title line as printed


def _norm(text: str) -> str:
    return " ".join(text.split())


_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    bad = len(_CONTROL_RE.findall(sample))
    return bad / len(sample) > 0.05


def _units(text: str) -> list[_Unit]:
    """Lines as units, blank lines as block breaks; a hard-wrapped block is one unit."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    units: list[_Unit] = []
    for index, lines in enumerate(b for b in blocks if b):
        if _hard_wrapped(lines):
            lines = [" ".join(lines)]
        for i, line in enumerate(lines):
            units.append(_Unit(_norm(line), index, i == 0, i < len(lines) - 1))
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    """A block wrapped at a fixed width: three or more long lines of nearly equal length."""
    if len(lines) < 3:
        return False
    lengths = [len(line.strip()) for line in lines[:-1]]
    return min(lengths) >= 50 and max(lengths) <= 100 and max(lengths) - min(lengths) <= 20


def _is_bullets(text: str) -> bool:
    return all(ch in _BULLETS or ch.isspace() for ch in text)


def _is_nav(text: str) -> bool:
    """A breadcrumb or menu line: three or more short items between separators."""
    items = [item.strip() for item in re.split(r"\s[|›»>/•·]\s|\s*\|\s*", text)]
    return len(items) >= 3 and all(0 < len(item.split()) <= 3 for item in items)


_DATE_TOKEN_RE = re.compile(
    r"^(?:\d[\d:/.h]*|[ap]\.?m\.?|utc|gmt|[a-z]{1,4}t|z|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|updated|published|posted|modified|last|on|at|of|the|\d+(?:st|nd|rd|th)|"
    r"[a-zà-ÿ]+bre|janvier|février|avril|mai|juin|juillet|août|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"januar|februar|märz|oktober|dezember|de|del|le|am|um|\+\d+|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def _timestamp(text: str) -> tuple[bool, str | None]:
    """(is a timestamp line, the source named on it). Short lines that are mostly a date."""
    source = None
    match = _SOURCE_RE.search(text)
    core = text
    if match:
        source = match.group("name").strip()
        core = text[: match.start()].strip()
    if not core:
        return bool(match), source
    words = core.split()
    if len(words) > 12 or parse_datetime(core) is None:
        return False, None
    # A sentence that merely contains a date ("He died Oct. 8, 2021.") is not a
    # timestamp line: nearly every word of one is a date, a time or a label.
    other = [w for w in words if not _DATE_TOKEN_RE.match(w.strip(".,|·-–—()[]"))]
    return len(other) <= 1, source


def _is_title(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 30 or len(text) > 250:
        return False
    if text.endswith(" ."):  # a rendering artefact: "Headline ." is still a title
        return True
    if _SENTENCE_END_RE.search(text) or text[-1] in ",;:":
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘¿¡"


def _starts_appended(units: list[_Unit], index: int, main_alone: list[bool]) -> bool:
    """A title line that opens another whole article appended after the main one.

    Where the page sets its paragraphs apart with blank lines, a title glued to a
    long paragraph (no blank line between) breaks that layout: it is the next
    article's headline and lead, not a subheading of this one. On pages that
    separate paragraphs by single line breaks this says nothing, so nothing is split.
    """
    unit = units[index]
    words = len(unit.text.split())
    if not (5 <= words <= 25 and unit.first_in_block and unit.next_in_block):
        return False
    if len(main_alone) < 3 or sum(main_alone) < 0.8 * len(main_alone):
        return False
    following = units[index + 1]
    return following.block == unit.block and len(following.text.split()) >= 25


_CONTENT_WORD_RE = re.compile(r"\w{4,}")


def _same_story(draft: _Draft, main: _Draft) -> bool:
    """Does a would-be appended article share the main story's vocabulary (a subheaded section)?

    An unrelated appended story shares a few words with the main one (about 16% of
    its distinct words of four letters or more on the seed page); a section of the
    same story shares far more (a third on the subheaded aeb page that looked alike).
    """
    words = set(_CONTENT_WORD_RE.findall(" ".join([draft.headline or "", *draft.paragraphs]).lower()))
    if not words:
        return True
    main_words = set(_CONTENT_WORD_RE.findall(" ".join([main.headline or "", *main.paragraphs]).lower()))
    return len(words & main_words) / len(words) >= 0.25


def _merge_back(draft: _Draft, main: _Draft) -> None:
    """Put a subheading and its paragraphs back into the main body, in page order."""
    assert draft.title_unit is not None
    merged = sorted(
        [*zip(main.order, main.paragraphs), draft.title_unit, *zip(draft.order, draft.paragraphs)]
    )
    main.order = [index for index, _ in merged]
    main.paragraphs = [text for _, text in merged]
    main.captions.extend(draft.captions)


def _clean_title(text: str) -> str:
    return re.sub(r"\s+[.]$", "", text).strip()


def _split_section(headline: str) -> tuple[str | None, str]:
    for label in _SECTIONS:
        if not headline.startswith(label + " "):
            continue
        rest = headline[len(label) + 1 :].strip()
        next_word = rest.split()[0] if rest.split() else ""
        if f"{label} {next_word}".lower() in _SECTION_COMPOUNDS:
            return None, headline
        if len(rest.split()) >= 4 and (next_word[:1].isupper() or next_word[:1].isdigit()):
            return label, rest
    return None, headline


_PROVIDED_PREFIX_RE = re.compile(r"^(?:©|\(c\))\s*provided by\s+(?P<rest>.+)$", re.IGNORECASE)


def _known_prefix_len(text: str) -> int | None:
    """Length of a known provider name at the start of text ("Associated Press ...")."""
    low = text.lower()
    for name in _KNOWN_PROVIDER_NAMES:
        if low.startswith(name) and (len(low) == len(name) or not low[len(name)].isalnum()):
            return len(name)
    return None


def _caption_of(text: str) -> tuple[Caption, str | None] | None:
    """(caption, provider named in the residue) when the unit is a photo caption."""
    provided = _PROVIDED_PREFIX_RE.match(text)
    if provided:
        # "© Provided by Associated Press <caption> (AP Photo/X)": msn prints the
        # provider before the caption. Only a known provider name says where it ends.
        rest = provided.group("rest")
        provider = parse_provider_credit("Provided by " + rest)
        name_len = _known_prefix_len(rest)
        if provider is None or name_len is None:
            return None
        inner = _caption_of(rest[name_len:].strip()) if rest[name_len:].strip() else None
        if inner is None:
            return None
        return inner[0], provider
    if text.startswith("©") or text.lower().startswith("(c) "):
        caption = split_caption_credit(text)
        return (caption, None) if caption.text else None
    match = _CREDIT_PAREN_RE.search(text)
    if match and match.start() > 0:
        credit = match.group("credit")
        residue = match.group("residue")
        if not _PHOTO_CREDIT_HINT_RE.search(credit) or _NOT_PHOTO_CREDIT_RE.match(credit):
            return None
        if residue is not None and "©" not in residue and len(residue.split()) > 12:
            return None
        caption = split_caption_credit(text[: match.end("credit") + 1])
        provider = parse_provider_credit(residue) if residue else None
        if caption.credit is None or not caption.text:
            return None
        # "(Upgrade to Premium for $4.99/mo)": a bare slash is a credit only after a full sentence.
        if not _STRONG_CREDIT_RE.search(credit) and not _SENTENCE_END_RE.search(caption.text):
            return None
        return caption, provider
    if match:
        return None
    # No bracketed tail: "... 2021. REUTERS/Brendan McDermid", "... Photo: Jane Doe", "... © Getty Images".
    tail = text[-160:]
    if "©" not in tail and "/" not in tail and ":" not in tail:
        return None
    caption = split_caption_credit(text)
    if caption.credit and caption.text and _SENTENCE_END_RE.search(caption.text):
        if re.match(r"^provided by\b", caption.credit, re.IGNORECASE):
            return Caption(caption.text, None), parse_provider_credit(caption.credit)
        return caption, None
    return None


def _strip_photo_label(credit: str) -> str:
    return re.sub(r"^(?:photo(?:graph)?|image|credit)\s*:\s*", "", credit.strip(), flags=re.IGNORECASE)


def _split_summary_caption(summary: str) -> tuple[str, list[Caption], str | None]:
    """A card's summary may end with its image: "... trafficking. © X/AFP/Getty Images <caption>"."""
    index = summary.find("©")
    if index <= 0:
        return summary, [], None
    head, tail = summary[:index].strip(), summary[index:].strip()
    if re.match(r"^©\s*provided by", tail, re.IGNORECASE):
        return head, [], parse_provider_credit(tail)
    caption = split_caption_credit(tail)
    return head, ([caption] if caption.text or caption.credit else []), None


@dataclass
class _Item:
    """One classified unit (a card spans two units: its title line and its repeat)."""

    kind: str  # chrome, time, footer, byline, names, provider, listhead, linkcard, card, caption, title, prose, short
    index: int  # index of the (first) unit
    text: str
    score: int = 0
    title: str | None = None
    summary: str | None = None
    captions: tuple[Caption, ...] = ()
    provider: str | None = None
    stamp: object = None
    source: str | None = None


_LIST_HEAD_RE = re.compile(
    r"^(?:more(?: top| related| latest)? (?:from|on|in|stories|news|to explore|like this|headlines|coverage)\b.{0,40}|related(?: stories| articles| coverage| news)?|"
    r"recommended(?: for you| stories)?|you (?:may|might) also like|most (?:read|popular|viewed)|trending(?: now| stories)?|"
    r"top stories|popular (?:now|stories)|also on .{1,40}|read more|what to read next|up next|latest (?:news|stories)|"
    r"editors'? picks|don't miss|further reading)\s*[:»>]?$",
    re.IGNORECASE,
)
# "Daniel Okafor, Ruth Brannigan", "Jane Roe and John Doe": a byline printed without "By".
_NAME = r"[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,3}"
_NAMES_RE = re.compile(rf"^{_NAME}(?:\s*(?:,|&|\band\b)\s*{_NAME})*$")


_WIDE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _words(text: str) -> int:
    """Words, counting two CJK characters as one (those scripts put no spaces between words)."""
    return max(len(text.split()), len(_WIDE_RE.findall(text)) // 2)


def _is_prose(text: str) -> bool:
    words = _words(text)
    return words >= 20 or (words >= 6 and _SENTENCE_END_RE.search(text) is not None)


def _classify(units: list[_Unit]) -> list[_Item]:
    """Pass 1: what each unit is, by its shape alone."""
    items: list[_Item] = []
    prose_words = 0
    i, n = 0, len(units)
    while i < n:
        t = units[i].text
        nxt = units[i + 1].text if i + 1 < n else None
        index = i
        i += 1
        if not t or _is_bullets(t):
            items.append(_Item("chrome", index, t, -3))
            continue
        if _COMMENT_MARKER_RE.match(t):
            if prose_words >= 80:
                break  # a comment thread after the story runs to the end of the page
            items.append(_Item("chrome", index, t, -3))  # a comment counter above the story
            continue
        is_time, source = _timestamp(t)
        if is_time:
            stamp = _SOURCE_RE.sub("", t).strip()
            items.append(_Item("time", index, t, -3, stamp=parse_datetime(stamp) if stamp else None, source=source))
            continue
        if _SHARE_RE.match(t) or _is_nav(t):
            items.append(_Item("chrome", index, t, -3))
            continue
        if _COPYRIGHT_FOOTER_RE.match(t) and len(t.split()) <= 25:
            items.append(_Item("footer", index, t, -3, provider=parse_provider_credit(t)))
            continue
        byline = _BYLINE_RE.match(t)
        if byline and len(t.split()) <= 12 and not _SENTENCE_END_RE.search(t):
            items.append(_Item("byline", index, t, 0, title=byline.group("name").strip()))
            continue
        if _LIST_HEAD_RE.match(t):
            items.append(_Item("listhead", index, t, -5))
            continue
        link = _LINK_CARD_RE.match(t)
        if link:
            items.append(_Item("linkcard", index, t, 0, title=_clean_title(link.group("title"))))
            continue
        # A card: a short line, then a paragraph that repeats it and goes on with a new sentence.
        if nxt is not None and 3 <= len(t.split()) <= 30:
            title = _clean_title(t)
            rest = nxt[len(title) :].strip() if nxt.lower().startswith(title.lower()) else ""
            if rest and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'¿¡"):
                summary, captions, provider = _split_summary_caption(rest)
                items.append(
                    _Item("card", index, t, 0, title=title, summary=summary or None, captions=tuple(captions), provider=provider)
                )
                i += 1
                continue
        caption = _caption_of(t)
        if caption is not None:
            items.append(_Item("caption", index, t, 0, captions=(caption[0],), provider=caption[1]))
            continue
        credit = _STANDALONE_CREDIT_RE.match(t)
        if credit and items and items[-1].kind == "prose" and _STRONG_CREDIT_RE.search(credit.group("credit")):
            # "(AP Photo/X)" on its own line: the line above was the photo's caption.
            previous = items.pop()
            prose_words -= previous.score
            caption_text = Caption(previous.text, _strip_photo_label(credit.group("credit")))
            items.append(_Item("caption", previous.index, previous.text, 0, captions=(caption_text,)))
            continue
        words = _words(t)
        canon = canonical_provider(t) if words <= 4 else None
        if canon and is_wire_provider(canon):
            items.append(_Item("provider", index, t, -1, provider=canon))
            continue
        if t.endswith(" .") and _is_title(t):
            items.append(_Item("title", index, t, 0 if words >= 8 else -2))  # "Headline ." (a rendering artefact)
        elif _is_prose(t) or (words >= 2 and _SENTENCE_END_RE.search(t)):
            items.append(_Item("prose", index, t, words))
            prose_words += words
        elif _is_title(t) and words >= 3:
            kind = "names" if _NAMES_RE.match(_clean_title(t)) and words <= 10 else "title"
            items.append(_Item(kind, index, t, 0 if words >= 8 else -2))
        else:
            items.append(_Item("short", index, t, -3))
    return items


def _body_span(items: list[_Item]) -> tuple[int, int] | None:
    """Pass 2: the run of items with the most prose net of chrome (maximum-sum subarray)."""
    best, best_span = 0, None
    total, start = 0, 0
    for pos, item in enumerate(items):
        if total <= 0:
            total, start = 0, pos
        total += item.score
        if total > best:
            best, best_span = total, (start, pos)
    if best_span is None:
        # No prose anywhere (a list or a table): everything that is text, first to last.
        content = [pos for pos, item in enumerate(items) if item.kind in ("title", "names", "short", "prose")]
        return (content[0], content[-1]) if content else None
    first, last = best_span
    while items[first].score <= 0:
        first += 1
    # A line ending in ":" announces a list (tour dates, a product round-up): the
    # list items that follow are short, but they belong to the body.
    if last + 1 < len(items) and items[last + 1].text.endswith(":") and items[last + 1].kind in ("short", "title"):
        last += 1
    if items[last].text.endswith(":"):
        while last + 1 < len(items) and items[last + 1].kind in ("title", "short", "names", "prose"):
            last += 1
    # A wire story starts at its dateline: what comes before it in the run is page furniture.
    for pos in range(first, last + 1):
        if items[pos].kind == "prose" and parse_wire_credit(items[pos].text)[1]:
            first = pos
            break
    return first, last


def _between_prose(items: list[_Item], pos: int) -> bool:
    """A short line with prose on both sides is a subheading of the body, not chrome."""
    return items[pos - 1].kind == "prose" and items[pos + 1].kind == "prose"


def split_text(page: Page) -> list[Article]:
    """Split a text page into [main, *embedded]; raise Rejected("no_article") when nothing is found."""
    text = page.text or ""
    if not text.strip() or _looks_binary(text):
        raise Rejected("no_article", "empty or binary text")
    units = _units(text)
    items = _classify(units)
    span = _body_span(items)
    if span is None:
        raise Rejected("no_article", "no paragraph found in text")
    first, last = span

    published = next((it.stamp for it in items if it.kind == "time" and it.stamp is not None), None)
    aggregator = next((it.source for it in items if it.kind == "time" and it.source), None)
    footer_provider = next((it.provider for it in items if it.kind == "footer" and it.provider), None)

    # Headline: the nearest title line before the body, looking back past bylines,
    # captions, cards and chrome but not past other prose.
    main = _Draft("full")
    section = None
    byline = None
    label_provider = None
    head_pos = None
    for pos in range(first - 1, -1, -1):
        item = items[pos]
        if item.kind == "prose":
            break
        if item.kind == "title" and head_pos is None:
            head_pos = pos
    if head_pos is None:
        # A names-only line can be a short Title Case headline when nothing else is there.
        head_pos = next((p for p in range(first - 1, -1, -1) if items[p].kind == "names"), None)
        if head_pos is not None and any(items[p].kind == "prose" for p in range(head_pos + 1, first)):
            head_pos = None
    if head_pos is not None:
        label, main.headline = _split_section(_clean_title(items[head_pos].text))
        section = label
        for pos in range(head_pos - 1, max(head_pos - 4, -1), -1):
            candidate = _clean_title(items[pos].text)
            if section is None and candidate in _SECTIONS:
                section = candidate  # a section label on a line of its own, just above the headline
                break
    lead_zone = range(head_pos + 1 if head_pos is not None else 0, first)
    for pos in lead_zone:
        item = items[pos]
        if item.kind == "byline" and byline is None:
            byline = item.title
        elif item.kind == "names" and byline is None:
            byline = _clean_title(item.text)
        elif item.kind == "provider" and label_provider is None:
            label_provider = item.provider
    if byline is None:
        byline = next((it.title for it in items[first : last + 1] if it.kind == "byline"), None)

    # Pass 3: assemble. Cards anywhere are embedded; captions before and in the body
    # are the main article's; an appended article runs from its title to the next one.
    drafts: list[tuple[int, _Draft]] = []
    appended: _Draft | None = None
    in_list = False
    main_alone: list[bool] = []
    residue_provider = None
    wire_leads = 0
    pos = -1
    while pos + 1 < len(items):
        pos += 1
        item = items[pos]
        kind = item.kind
        if kind == "listhead":
            # "More Top Stories", "Related": teasers follow. Above the story it is a menu.
            if pos > first:
                in_list, appended = True, None
            continue
        if kind in ("card", "linkcard"):
            drafts.append(
                (item.index, _Draft("partial", headline=item.title, summary=item.summary,
                                    captions=list(item.captions), provider=item.provider))
            )
            continue
        if in_list:
            if kind in ("title", "names") and _words(item.text) >= 4 and not _UI_VERB_RE.match(item.text):
                card = _Draft("partial", headline=_clean_title(item.text))
                # A teaser's summary: the prose right under its title.
                if pos + 1 < len(items) and items[pos + 1].kind == "prose" and not parse_wire_credit(items[pos + 1].text)[1]:
                    card.summary = items[pos + 1].text
                    pos += 1
                if pos + 1 < len(items) and items[pos + 1].kind == "provider":
                    card.provider = items[pos + 1].provider
                    pos += 1
                drafts.append((item.index, card))
                continue
            if kind in ("provider", "short", "time", "chrome", "byline", "caption", "names", "title", "footer"):
                continue
            in_list = False
        if kind == "caption":
            if appended is not None:
                appended.captions.extend(item.captions)
            elif pos <= last:
                main.captions.extend(item.captions)
                residue_provider = residue_provider or item.provider
            continue
        if pos < first or pos == head_pos:
            continue
        if kind == "title" and _starts_appended(units, item.index, main_alone):
            appended = _Draft("full", headline=_clean_title(item.text), title_unit=(item.index, item.text))
            drafts.append((item.index, appended))
            continue
        if kind == "prose" and parse_wire_credit(item.text)[1]:
            wire_leads += 1
            if wire_leads > 1 and len(main.paragraphs) >= 3:
                # A second wire dateline opens another story: its headline is the
                # title line just above (which was taken for a subheading).
                appended = _Draft("full")
                for back in range(pos - 1, max(pos - 5, first - 1), -1):
                    if items[back].kind == "prose":
                        break
                    if items[back].kind == "title":
                        appended.headline = _clean_title(items[back].text)
                        if main.order and main.order[-1] == items[back].index:
                            main.order.pop()
                            main.paragraphs.pop()
                        break
                drafts.append((item.index, appended))
        content = kind in ("prose", "title") or (
            kind in ("short", "names") and first < pos < last and _between_prose(items, pos)
        )
        if not content:
            if pos > last and appended is not None and kind not in ("byline", "provider"):
                appended = None  # past the body, chrome ends an appended article
            continue
        if appended is not None:
            appended.paragraphs.append(item.text)
            appended.order.append(item.index)
        elif pos <= last:
            main.paragraphs.append(item.text)
            main.order.append(item.index)
            unit = units[item.index]
            main_alone.append(unit.first_in_block and not unit.next_in_block)

    for index, draft in list(drafts):
        if draft.title_unit is not None and (not draft.paragraphs or _same_story(draft, main)):
            _merge_back(draft, main)
            drafts.remove((index, draft))
    drafts.sort(key=lambda pair: pair[0])

    if not main.paragraphs:
        raise Rejected("no_article", "no paragraph found in text")

    dateline = provider = None
    for paragraph in main.paragraphs[:3]:
        dateline, provider = parse_wire_credit(paragraph)
        if provider:
            break
    provider = canonical_provider(provider or label_provider or residue_provider or footer_provider)
    for _, draft in drafts:
        if draft.representation == "full" and draft.paragraphs:
            draft.provider = draft.provider or parse_wire_credit(draft.paragraphs[0])[1]

    source_domain = domain_of(page.url) or _domain_like(aggregator)
    main_uri = article_uri(page.input_uri, page.input_sha256, "main", 0)
    common = dict(
        input_uri=page.input_uri,
        input_sha256=page.input_sha256,
        source_url=page.url,
        source_domain=source_domain,
        fetched_at=page.fetched_at,
        charset=page.charset,
        charset_reason=page.charset_reason,
    )
    articles = [
        Article(
            uri=main_uri,
            role="main",
            position=0,
            representation="full",
            headline=main.headline,
            summary=main.summary,
            paragraphs=tuple(main.paragraphs),
            byline=byline,
            dateline=dateline,
            provider=provider,
            is_wire=is_wire_provider(provider),
            published_at=published,
            section=section,
            captions=tuple(main.captions),
            info_sources=_info_sources(provider, source_domain or aggregator, page.url),
            **common,
        )
    ]
    for position, (_, draft) in enumerate(drafts, start=1):
        draft_provider = canonical_provider(draft.provider)
        articles.append(
            Article(
                uri=article_uri(page.input_uri, page.input_sha256, "embedded", position),
                role="embedded",
                position=position,
                representation=draft.representation,
                headline=draft.headline,
                summary=draft.summary,
                paragraphs=tuple(draft.paragraphs),
                provider=draft_provider,
                is_wire=is_wire_provider(draft_provider),
                captions=tuple(draft.captions),
                parent_uri=main_uri,
                **common,
            )
        )
    return articles


def _domain_like(name: str | None) -> str | None:
    if name and re.fullmatch(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", name.strip().lower()):
        return name.strip().lower()
    return None


def _info_sources(provider: str | None, aggregator: str | None, url: str | None) -> tuple[InfoSource, ...]:
    sources = []
    if provider:
        sources.append(InfoSource(name=provider, role="originator"))
    if aggregator and (not provider or aggregator.lower() != provider.lower()):
        sources.append(InfoSource(name=aggregator, role="aggregator", url=url))
    return tuple(sources)
