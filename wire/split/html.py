"""Split one HTML page into its main article and its embedded articles.

Input: `wire.records.Page` with kind "html". Output: `list[Article]`, the main
article first (role "main", position 0, representation "full"), then every
embedded article in page order (role "embedded", position 1.., parent_uri =
the main article's uri; representation "partial" for a teaser card, "full"
for a whole article appended to the page). Raises `wire.records.Rejected`:
  - "not_html": empty, or no HTML tag near the start, or no document either parser accepts;
  - "no_article": no article body can be found (front pages, empty shells, link lists).
No counters here: the SplitPages DoFn counts `passed` / `failed:<reason>`.

How the body is found (generic, for any site):
  1. parse with lxml's HTML parser (libxml2: no network, no DTD or entity loading;
     comments and PIs dropped); BeautifulSoup, through lxml's soupparser, only for a
     document lxml cannot turn into a tree with a <body>;
  2. read page metadata before touching the tree: meta tags, JSON-LD (salvaged field by
     field when it is not valid JSON), <time>, <html lang>;
  3. drop what is never text (script, style, form controls, hidden nodes) and chrome
     recognised by its class/id vocabulary (share, comment, newsletter, ...), unless the
     box holds most of the page's text (then the name is a mislabel);
  4. score paragraphs (length, commas, low link density) onto their ancestors and take
     the best container with its like-scoring siblings (the content-scoring idea that
     readability made popular); then widen to an ancestor when that adds more paragraph
     prose than link and widget text (articles split by ads and photos);
  5. walk that container in document order, classifying each block as body text,
     caption, byline/date chrome, or a teaser card. Cards are recognised by shape: a block
     that is mostly one headline-sized link (optionally with a snippet), a block opened by
     a card label ("Related:", "Read more:", "More on ...", "Also on ..."), or a list/box
     whose items are such links (recommendation widgets); a heading plus a wire-credit
     lead inside the stream starts an appended whole article.
When the DOM holds far less text than the page's JSON-LD articleBody (pages rendered by
JavaScript), the articleBody is used. Site profiles (configs/sites/*.yaml, see
wire.split.profiles) replace step 4 and add card/caption/byline/time selectors for the
sites they name; everything else stays generic.

Parser choice (measured on the 181 aeb pages, CPU time, this machine): lxml 460 pages/s,
selectolax/lexbor 1,050, BeautifulSoup+lxml 44. Parsing is about a quarter of the split
time, so lxml's XPath (for profiles) and parent links are worth more than selectolax's
speed; BeautifulSoup is kept for the documents lxml rejects.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from wire.records import Article, Caption, Page, Rejected, article_uri
from wire.split import meta as wire_meta
from wire.split.profiles import SiteProfile, compiled, profile_for

# Plain lxml elements (etree.HTMLParser, not lxml.html's): lxml.html's per-element class lookup
# cost about a tenth of the run time, and we only need text and tree edits.
_PARSER = etree.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    default_doctype=False,
    collect_ids=False,
    huge_tree=True,
)

_UTF8_PARSER = etree.HTMLParser(
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    default_doctype=False,
    collect_ids=False,
    huge_tree=True,
)

# Never text: removed with their content before anything is scored.
_JUNK_TAGS = (
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "button", "select", "input", "textarea", "option", "label", "link", "meta", "map", "audio",
    "video", "source", "picture", "dialog",
)
_INLINE_TAGS = frozenset(
    ["a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "br", "nobr"]
)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "ul", "ol", "li", "table", "tr", "td", "th", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "aside", "header", "footer",
    "dl", "dt", "dd", "form", "nav", "address", "center", "details", "hr",
)
# Elements whose text is one paragraph when they hold no block inside.
_PARA_TAGS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "td", "th", "address", "center", "figcaption"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


# Class/id vocabularies, in bit order (see _BITS): alternatives of lower-case words, matched
# against class/id strings split into words ("articleShare ad-slot2" -> "article share ad slot2").
# Plain letters and single spaces only, with an optional trailing "s?" (checked at import).
_VOCABULARIES = {
    # Chrome: these boxes never hold article text.
    "chrome": (
        r"comments?|commenting|disqus|share|sharing|sharebar|social|socials|newsletters?|subscribe|subscription|"
        r"signup|sign up|sidebar|breadcrumbs?|cookies?|consent|popup|modal|advert|advertisement|ads?|adslot|"
        r"ad slot|ad container|ad wrapper|dfp|gpt|sponsored|outbrain|taboola|tags|tag list|toolbar|"
        r"print|masthead|menu|nav|navbar|navigation|footer|site footer|skip|login|signin|author bio|"
        r"rating|ratings|reactions|follow|pagination|pager|jump|toc|hidden|visually hidden|sr only|screen reader"
    ),
    # Boxes of links to other stories: harvested as teaser cards, never body text.
    "cardbox": (
        r"related|relatedlinks|related links|relatedposts|relatedarticles|relatedstories|relatedcontent|"
        r"recommend|recommended|recommendations|read more|readmore|"
        r"more stories|more from|more on|coverage|also read|see also|further reading|teasers?|promo|promos|"
        r"trending|most popular|most read|popular|mostread|inline link|inline links|inline story|"
        r"story card|article card|cards?|recirc|recirculation|playlist|video player|videojs|player wrapper|"
        r"player root|embed article|linked article|next article|up next|more news|latest"
    ),
    "caption": (
        r"caption|captions|figcaption|credit|credits|photo credit|image credit|wp caption text|slideshow|gallery|"
        r"carousel|lightbox|inline image|storyimage|story image"
    ),
    "positive": r"article|articles|body|content|entry|main|post|text|story|prose|rich|richtext|copy|blog|column|page",
    "negative": (
        r"comment|comments|related|sidebar|footer|share|promo|widget|rail|aside|nav|menu|header|meta|"
        r"teaser|teasers|card|cards|list|more|recommend|trending|popular|ad|ads"
    ),
    "social": r"instagram media|tiktok embed|fb post|reddit card",
    "credit": r"credit|credits|attribution|copyright|source|byline|photographer|courtesy",
    "byline": r"byline|bylines|byl|author name|authorname|author|authors|contributor|writer|signature",
    "name": r"author|name",
}
_BITS = {kind: 1 << bit for bit, kind in enumerate(_VOCABULARIES)}


def _words_re(words: str) -> re.Pattern:
    # An alternative is bounded by the string's ends or a non-letter: "ad" is in "ad slot2"
    # and in "x9ad", not in "header".
    return re.compile(r"(?:^|[^a-z])(?:" + words + r")(?:$|[^a-z])")


# What each vocabulary means. _flags answers the same with _PHRASES, a quarter of the time per
# new class string; tests/test_split_html.py holds the two equal.
_PATTERNS = {kind: _words_re(words) for kind, words in _VOCABULARIES.items()}


def _phrase_table(vocabularies: dict[str, str]) -> dict[str, tuple[int, bool]]:
    """{phrase: (bits of the vocabularies that hold it, whether a longer phrase starts with it)}.

    Every word-prefix of a phrase is a key ("wp", "wp caption"), with bits 0 unless it is a
    phrase too, so that a lookup can stop at the first word no phrase starts with.
    """
    table: dict[str, tuple[int, bool]] = {}
    for bit, words in enumerate(vocabularies.values()):
        for alternative in words.split("|"):
            forms = (alternative[:-2], alternative[:-1]) if alternative.endswith("s?") else (alternative,)
            for phrase in forms:
                if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", phrase):
                    raise ValueError(f"vocabulary alternative {alternative!r} is not plain words: _flags cannot match it")
                parts = phrase.split(" ")
                for n in range(1, len(parts)):
                    prefix = " ".join(parts[:n])
                    table[prefix] = (table.get(prefix, (0, True))[0], True)
                bits, longer = table.get(phrase, (0, False))
                table[phrase] = (bits | 1 << bit, longer)
    return table


_PHRASES = _phrase_table(_VOCABULARIES)
_DIGITS_RE = re.compile(r"[0-9]+")

# Labels that open a teaser paragraph.
_CARD_LABEL_RE = re.compile(
    r"^\s*[\[(]?\s*(?:related(?:\s+(?:post|article|story|stories|link|coverage|content|reading|video))?|"
    r"read(?:\s+more|\s+also|\s+next|\s+this)?|see(?:\s+more|\s+also)?|more(?:\s+(?:on|about|from|news|stories)\b[^:]{0,60})?|"
    r"also(?:\s+(?:read|see|on|watch)\b[^:]{0,40})?|further reading|recommended(?:\s+reading)?|"
    r"watch|listen|previously|don't miss|do not miss|must read|top stories|video|article|story|gallery|"
    r"slideshow|photos|audio|podcast|on [\w.-]+\.(?:com|org|net|co\.uk))\s*[:|>»\-–—]",
    re.IGNORECASE,
)
# "Also on rt.com Journalists ..." (label without punctuation, then the linked headline).
_CARD_LABEL_BARE_RE = re.compile(r"^\s*(?:also on|more on|read more on|on)\s+[\w.-]+\.(?:com|org|net|co\.uk)\b", re.IGNORECASE)
_CARD_TRAILER_RE = re.compile(r"\[(?:insight|video|pictures|photos|reaction|reveal|analysis|latest|poll|live)\]", re.IGNORECASE)

# Short blocks that are chrome whatever their container says.
_CHROME_TEXT_RE = re.compile(
    r"^(?:advertisement|advertisements?\s*[-–]\s*scroll to continue|story continues below(?: advertisement)?|"
    r"continue reading(?: below)?|article continues below|scroll to continue|click to expand|"
    r"share(?: this)?(?: article| story)?|share on \w+|tweet|email|print|comments?|"
    r"sign up(?: for)?\b.*|subscribe\b.*|follow us\b.*|(?:click|tap) here\b.*|"
    r"(?:image|photo|picture)(?:\s+credit)?\s*:.*|getty images|all rights reserved.*|copyright\b.*|©.*|"
    r"(?:published|posted|updated|last updated|first published)\b.{0,60}|loading.*|video|watch(?: video)?|"
    r"listen(?: to this article)?.{0,30}|reading time.{0,30}|\d+\s+min(?:ute)?s?\s+read|up next|"
    r"what to watch next|see more videos|more videos|next video|view (?:photo|gallery|slideshow)s?\.?)$",
    re.IGNORECASE,
)
_HAS_WORD_RE = re.compile(r"[^\W_]")
_COUNTER_TAIL_RE = re.compile(r"(?:^|\s)\d{1,3}\s*(?:/|of|de|von|sur|di|van)\s*\d{1,3}\s*$", re.IGNORECASE)
_COUNTER_RE = re.compile(r"^\d+\s*(?:/|of)\s*\d+$", re.IGNORECASE)
_MEDIA_TITLE_RE = re.compile(r"^(?:video|gallery|slideshow|photos?|watch|listen|audio|podcast)\s*:", re.IGNORECASE)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|von|par|por|di)\s+[\w'’.\-]+(?:\s+[\w'’.\-,&:]+){0,14}$", re.IGNORECASE)
_LINK_WORDS_RE = re.compile(
    r"^(?:click here|read more|more|here|share|tweet|email|comments?|continue reading|next|previous|"
    r"sign up|subscribe|home|top|back to top|see more|view more|show more|load more|watch|video|photos?)\W*$",
    re.IGNORECASE,
)
# Calls to action and shop links: never a story, whatever their shape.
_PROMO_RE = re.compile(
    r"^(?:share|subscribe|download|click|tap|sign up|sign in|log in|follow|get it|available (?:from|at|on)|"
    r"buy|shop|order|visit|reuse|republish|print|email|contact|advertise|donate|support us|join)\b|"
    r"newsletter|youtube channel|on youtube|whatsapp|facebook|twitter|instagram|app store|google play|"
    r"wordpress themes|free download|coupon|promo code",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<(?:!doctype|html|head|body|p|div|article|meta|title)\b", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PROVIDED_BY_RE = re.compile(r"(?:©|&copy;|&#169;)\s*(?:\d{4}\s+)?Provided by\s+[^<\"\n]{1,80}", re.IGNORECASE)
# Where a _PROVIDED_BY_RE match can start: "&copy;" in any case ("c", "o", "p", "y" have no
# case variants but their ASCII ones) or "&#169;"; "©" is found with str.find.
_COPY_ENTITY_RE = re.compile(r"&(?:[cC][oO][pP][yY]|#169);")

_ARTICLE_TYPES = frozenset(
    ["article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "techarticle", "scholarlyarticle", "report", "liveblogposting", "webpage"]
)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Texts of elements, asked for again and again while one page is split (the body finder,
# then the walker, read the same paragraphs and links: a third of all asks, measured).
# Keys are elements (lxml elements hash by identity, and the key keeps its proxy alive);
# every tree edit (_drop, _drop_all, strip_elements) empties both, and split_html empties
# them when it is done so no tree outlives its page. Pages split at the same time in other
# threads hold other elements: a page can lose entries to them, never read a wrong one.
_TEXTS: dict = {}
_NTEXTS: dict = {}


def _text(el) -> str:
    """All text below an element (lxml.html's text_content, for plain etree elements)."""
    text = _TEXTS.get(el)
    if text is None:
        # The string XPath string() gives (libxml2 joins the same text nodes), without setting
        # up an XPath context per call: a third of the cost (0.5 vs 1.6 us a call, measured).
        text = _TEXTS[el] = etree.tostring(el, method="text", encoding=str, with_tail=False)
    return text


def _ntext(el) -> str:
    """_norm(_text(el)), remembered like _text."""
    text = _NTEXTS.get(el)
    if text is None:
        text = _NTEXTS[el] = _norm(_text(el))
    return text


def _edited() -> None:
    """Forget the texts read so far: called after every edit of a tree."""
    _TEXTS.clear()
    _NTEXTS.clear()


def _drop(el) -> None:
    """Remove an element and its content, keeping its tail text in place (lxml.html's drop_tree)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        # lxml refuses control characters on assignment even where its parser let them in.
        tail = _CONTROL_RE.sub(" ", tail)
        previous = el.getprevious()
        if previous is not None:
            previous.tail = _CONTROL_RE.sub(" ", previous.tail or "") + tail
        else:
            parent.text = _CONTROL_RE.sub(" ", parent.text or "") + tail
    parent.remove(el)
    _edited()


def _norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


# A space between a lower-case and an upper-case letter: "articleBody" -> "article Body".
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
# ASCII letters to lower case, digits kept, everything else a space.
_ASCII_WORDS = str.maketrans({chr(c): chr(c).lower() if chr(c).isalnum() else " " for c in range(128)})
_INFO_CACHE: dict[tuple, tuple[str, int]] = {}
_NO_INFO = ("", 0)


def _attr_info(el) -> tuple[str, int]:
    """(class + id as lower-case words, bitmask of the vocabularies they match); cached.

    "articleBody share-bar" -> "article body share bar". Pages repeat the same few hundred
    class strings thousands of times, so the regex work is done once per string.
    """
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return _NO_INFO
    key = (cls, ident)
    info = _INFO_CACHE.get(key)
    if info is None:
        words = _class_words(f"{cls or ''} {ident or ''}")
        info = (words, _flags(words) if words else 0)
        if len(_INFO_CACHE) > 50000:  # generated class names must not grow the cache forever
            _INFO_CACHE.clear()
        _INFO_CACHE[key] = info
    return info


def _class_words(raw: str) -> str:
    """Lower-case [a-z0-9] words of a class/id string, one space apart: "articleBody share-bar"
    -> "article body share bar".

    Camel case is split only when the string has an upper-case letter (one in seven), and
    ASCII strings (all but a handful) go through one translate() and split() instead of two
    regex substitutions: 1.0 against 3.1 us a string, measured on the golden pages' class
    strings. Other strings take the substitutions: lower() can turn a non-ASCII letter into
    ASCII ones ("\u0130" -> "i\u0307"), which the table above does not know.
    """
    if not raw.islower():
        raw = _CAMEL_RE.sub(" ", raw)
    if raw.isascii():
        return " ".join(raw.translate(_ASCII_WORDS).split())
    return _NON_WORD_RE.sub(" ", raw.lower()).strip()


def _attr_words(el) -> str:
    return _attr_info(el)[0]


_FLAG_CACHE: dict[str, int] = {}


def _flags(words: str) -> int:
    """Bitmask of the vocabularies (chrome, cardbox, caption, ...) that class/id words match; cached."""
    bits = _FLAG_CACHE.get(words)
    if bits is None:
        bits = _phrase_bits(words)
        if len(_FLAG_CACHE) > 100000:  # generated class names must not grow the cache forever
            _FLAG_CACHE.clear()
        _FLAG_CACHE[words] = bits
    return bits


def _phrase_bits(words: str) -> int:
    """What the _PATTERNS searches say of normalised words, by dictionary lookups: 1.8 us a new
    class string against 8.3 us for the nine searches (golden pages' class strings, measured).

    A phrase "w1 w2" matches where letter runs w1 and w2 are bounded by the ends, a space or a
    digit, and one space apart: w1 ends its word and w2 starts the next. Cutting the string at
    its digits leaves pieces whose space-separated words are exactly such chained runs, so the
    phrases found are those that start at some word of a piece and run on through the next ones.
    """
    bits = 0
    phrases = _PHRASES
    for piece in _DIGITS_RE.split(words):
        runs = piece.split()
        for i, phrase in enumerate(runs):
            entry = phrases.get(phrase)
            j = i + 1
            while entry is not None:
                bits |= entry[0]
                if not entry[1] or j == len(runs):
                    break
                phrase += " " + runs[j]
                j += 1
                entry = phrases.get(phrase)
    return bits


def _has(kind: str, words: str) -> bool:
    """Do class/id words match one vocabulary: chrome, cardbox, caption, positive, negative, social, credit, byline."""
    return bool(words) and bool(_flags(words) & _BITS[kind])


# --- parsing ------------------------------------------------------------------------------


def parse_html(text: str, utf8: bytes | None = None):
    """lxml tree of a page; BeautifulSoup (through lxml's soupparser) when lxml gives up.

    `utf8`: the text's UTF-8 encoding when the caller has it (Page.utf8), to skip encoding it.
    """
    stripped = _XML_DECL_RE.sub("", text or "", count=1)
    if len(stripped) != len(text or ""):
        utf8 = None  # no longer the text's encoding
    text = stripped
    if not text or text.isspace():  # what `not text.strip()` says, without copying the page
        raise Rejected("not_html", "empty page")
    if not _TAG_RE.search(text, 0, 20000):
        raise Rejected("not_html", "no HTML tag in the first 20000 characters")
    try:
        root = _parse_fast(text, utf8)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is not None and root.tag != "html":
        root = None
    if root is None or root.find("body") is None:
        root = _parse_lenient(text)
    if root is None:
        raise Rejected("not_html", "no HTML document")
    return root


def _parse_fast(text: str, utf8: bytes | None = None):
    # UTF-8 bytes with a fixed encoding parse about a fifth faster than a str (lxml hands a
    # wide str to libxml2 as UCS-4). Text that cannot be encoded (lone surrogates), or that
    # still opens with an XML declaration (lxml refuses a str with one, and that refusal
    # sends the page to the lenient parser), goes as str so the outcome stays the same.
    if "<?xml" not in text[:512]:
        try:
            return etree.fromstring(utf8 if utf8 is not None else text.encode("utf-8"), parser=_UTF8_PARSER)
        except UnicodeEncodeError:
            pass
    return etree.fromstring(text, parser=_PARSER)


def _parse_lenient(text: str):
    try:
        from lxml.html import soupparser

        root = soupparser.fromstring(text, features="html.parser")
    except Exception:  # noqa: BLE001 - the lenient parser is the last resort; any failure means "not HTML"
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    if root.tag != "html":
        wrapper = lxml.html.Element("html")
        body = etree.SubElement(wrapper, "body")
        body.append(root)
        root = wrapper
    return root


# --- page metadata --------------------------------------------------------------------------


class _PageMeta:
    __slots__ = (
        "byline",
        "byline_meta",
        "canonical",
        "h1s",
        "headline",
        "is_front",
        "language",
        "ld_body",
        "provider_credit",
        "published",
        "section",
        "site_name",
        "summary",
        "times",
        "title",
        "updated",
    )

    def __init__(self) -> None:
        self.headline = self.summary = self.byline = self.canonical = self.section = None
        self.language = self.site_name = self.ld_body = self.title = self.provider_credit = None
        self.published: datetime | None = None
        self.updated: datetime | None = None
        self.byline_meta: str | None = None
        self.is_front = False
        self.h1s: list[str] = []
        self.times: list[str] = []


_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "og:published_time",
    "cxenseparse:recs:publishtime", "displaydate", "originalpublicationdate",
)
_UPDATED_KEYS = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "dcterms.modified",
    "lastmod", "last-modified", "article.updated", "dc.date.modified",
)


def _page_meta(root, page: Page) -> _PageMeta:
    m = _PageMeta()
    metas: dict[str, str] = {}
    # One walk of the tree collects every tag this function reads (six walks cost more).
    by_tag: dict[str, list] = {"meta": [], "link": [], "script": [], "h1": [], "time": [], "title": []}
    for el in root.iter("meta", "link", "script", "h1", "time", "title"):
        by_tag[el.tag].append(el)
    for el in by_tag["meta"]:
        value = el.get("content")
        if not value:
            continue
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        if key and key not in metas:
            metas[key] = value.strip()
    canonical = None
    for el in by_tag["link"]:
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            canonical = el.get("href").strip()
            break
    ld = _json_ld_article(by_tag["script"])

    title_el = by_tag["title"][0] if by_tag["title"] else None
    m.title = _ntext(title_el) if title_el is not None else None
    m.h1s = [t for t in (_ntext(h) for h in by_tag["h1"]) if t]
    m.headline = _choose_headline(
        [ld.get("headline"), metas.get("og:title"), metas.get("twitter:title"), metas.get("title"), m.title], m.h1s
    )
    m.summary = _first_str(metas.get("og:description"), metas.get("description"), ld.get("description"),
                           metas.get("twitter:description"))
    m.byline_meta = _first_str(_ld_names(ld.get("author")), metas.get("author"), metas.get("article:author")
                          if not (metas.get("article:author") or "").startswith("http") else None,
                          metas.get("byl"), metas.get("parsely-author"), metas.get("dc.creator"))
    m.published = _first_time([ld.get("datePublished"), ld.get("dateCreated")]
                              + [metas.get(k) for k in _PUBLISHED_KEYS])
    m.updated = _first_time([ld.get("dateModified")] + [metas.get(k) for k in _UPDATED_KEYS])
    for el in by_tag["time"]:
        value = el.get("datetime") or _text(el)
        if value:
            m.times.append(value)
    if m.published is None and m.times:
        m.published = _first_time(m.times[:5])
    base = page.url or ""
    m.canonical = _absolute(canonical or metas.get("og:url") or ld.get("url") or None, base)
    section = ld.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    m.section = _first_str(metas.get("article:section"), section if isinstance(section, str) else None,
                           metas.get("section"), metas.get("category"))
    lang = (root.get("lang") or root.get("xml:lang") or "").strip()
    if not lang:
        locale = metas.get("og:locale") or metas.get("content-language") or metas.get("language") or ""
        lang = locale.replace("_", "-").strip()
    m.language = lang or None
    publisher = ld.get("publisher")
    m.site_name = _first_str(metas.get("og:site_name"), _ld_names(publisher) if publisher else None)
    body = ld.get("articleBody")
    m.ld_body = body if isinstance(body, str) and len(body) > 200 else None
    m.is_front = not ld and (metas.get("og:type") or "").lower() == "website"
    credit = _provided_by(page.text)
    if credit:
        m.provider_credit = wire_meta.parse_provider_credit(html_lib.unescape(credit.group(0)))
    return m


def _provided_by(text: str):
    """The page's "© Provided by X" credit: the first _PROVIDED_BY_RE match, when the page says
    "rovided by" or "ROVIDED BY" in those cases (no match otherwise).

    Only the places a match can start are tried: the search proper tries every "&" of the
    page (2 ms on a 170k page), and the two case-sensitive scans cost more than finding
    the few start candidates, so they run only once a match is found (rare).
    """
    starts = [m.start() for m in _COPY_ENTITY_RE.finditer(text)]
    i = text.find("©")
    while i >= 0:
        starts.append(i)
        i = text.find("©", i + 1)
    for start in sorted(starts):
        m = _PROVIDED_BY_RE.match(text, start)
        if m:
            found = m.group(0)
            if "rovided by" in found or "ROVIDED BY" in found or "rovided by" in text or "ROVIDED BY" in text:
                return m
            return None
    return None


_MONTH_CUT_RE = re.compile(
    r"\s+(?:updated|published|posted)?\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\d{1,2}[:/.]\d|\d{4}-\d{2}|\d+\s+(?:hours?|minutes?|mins?|days?)\s+ago)",
    re.IGNORECASE,
)


def tidy_byline(text: str | None) -> str | None:
    """A byline as printed, without the date some templates run into it ("By X November 25, 2026")."""
    text = _norm(text)
    if not text:
        return None
    cut = _MONTH_CUT_RE.search(" " + text)
    if cut:
        if cut.start() <= 3:
            return None  # a date or a time, not a name
        text = text[: cut.start() - 1]
    text = text.strip(" |,;:-–—·•")
    if not text or len(text) > 120 or len(text.split()) > 14:
        return None
    return text


class _BylineFinder:
    """The page's byline element (class/id vocabulary), fed every element before chrome is dropped."""

    def __init__(self) -> None:
        self.found: str | None = None
        self.fallback: str | None = None

    def feed(self, el, words: str) -> None:
        if self.found is not None:
            return
        if el.get("itemprop") == "author" or el.get("rel") == "author":
            words = f"{words} author".strip()
        if not _has("byline", words) or "bio" in words.split():
            return
        # A byline box holding a more specific author element (name + source + date): use the name.
        for d in el.iterdescendants():
            if isinstance(d.tag, str) and (d.get("itemprop") == "author" or _has("name", _attr_words(d))):
                return
        text = tidy_byline(_text(el))
        if not text or len(text) < 4:
            return
        if "byline" in words or "bylines" in words or _BYLINE_RE.match(text):
            self.found = text
        elif self.fallback is None and len(text.split()) <= 6:
            self.fallback = text

    @property
    def byline(self) -> str | None:
        return self.found or self.fallback


def _first_str(*values) -> str | None:
    for value in values:
        if isinstance(value, str):
            value = _norm(value)
            if value:
                return value
    return None


def _first_time(values) -> datetime | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            parsed = wire_meta.parse_datetime(value)
            if parsed is not None:
                return parsed
    return None


def _choose_headline(candidates: list, h1s: list[str]) -> str | None:
    candidates = [_norm(c) for c in candidates if isinstance(c, str) and _norm(c)]
    for h1 in h1s:
        if len(h1.split()) >= 2 and any(h1 in c or c in h1 for c in candidates):
            return h1
    if candidates:
        return candidates[0]
    return h1s[0] if h1s else None


def _ld_names(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else None
    if isinstance(value, list):
        names = [n for n in (_ld_names(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _json_ld_article(scripts) -> dict:
    """The first schema.org Article-like object of the page's JSON-LD (or {})."""
    found: list[dict] = []

    def visit(obj, depth=0):
        if depth > 6 or len(found) > 3:
            return
        if isinstance(obj, list):
            for item in obj:
                visit(item, depth + 1)
        elif isinstance(obj, dict):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types) and (
                obj.get("headline") or obj.get("articleBody") or obj.get("datePublished")
            ):
                found.append(obj)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if key in obj:
                    visit(obj[key], depth + 1)

    for script in scripts:
        if (script.get("type") or "").lower().strip() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            visit(json.loads(raw))
        except ValueError:
            try:  # the commonest breakage: raw newlines inside strings
                visit(json.loads(raw.replace("\n", " ").replace("\r", " ")))
            except ValueError:
                # JavaScript comments, stray braces: salvage the article fields one by one.
                salvaged = _salvage_ld(raw)
                if salvaged:
                    found.append(salvaged)
    # Prefer a real article type over WebPage.
    found.sort(key=lambda o: str(o.get("@type")).lower().find("webpage") >= 0)
    return found[0] if found else {}


_LD_FIELD_RE = re.compile(
    r'"(headline|articleBody|datePublished|dateModified|description|articleSection)"\s*:\s*("(?:[^"\\]|\\.)*")'
)


def _salvage_ld(raw: str) -> dict:
    """Article fields of a JSON-LD block that is not valid JSON."""
    out: dict = {}
    if '"articleBody"' not in raw and '"headline"' not in raw:
        return out
    for key, literal in _LD_FIELD_RE.findall(raw):
        if key in out:
            continue
        try:
            out[key] = json.loads(literal)
        except ValueError:
            continue
    return out


def _absolute(url: str | None, base: str) -> str | None:
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if url.startswith(("javascript:", "mailto:", "#", "data:")):
        return None
    try:
        return urljoin(base, url) if base else url
    except ValueError:
        return url


# --- cleaning -----------------------------------------------------------------------------


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and ("none" in style or "hidden" in style):
        s = style.replace(" ", "").lower()
        return "display:none" in s or "visibility:hidden" in s
    return False


def _clean(root, keep=(), alive: list | None = None) -> str | None:
    """Drop never-text elements, hidden nodes and chrome boxes (their tails are kept).

    Returns the page's byline, read on the same pass before anything is dropped. Every
    element of the body is appended to `alive` (see split_html).
    """
    # libxml2 does this in C, keeping each element's tail text in place.
    etree.strip_elements(root, *_JUNK_TAGS, with_tail=False)
    _edited()
    body = root.find("body")
    if body is None:
        return None
    elements = list(body.iter(etree.Element))
    if alive is not None:
        alive.extend(elements)
    doomed = []
    info_cache = _INFO_CACHE
    bylines = _BylineFinder()
    chrome, spared, social, byline = _BITS["chrome"], _BITS["cardbox"] | _BITS["positive"], _BITS["social"], _BITS["byline"]
    for el in elements:
        tag = el.tag
        if tag in ("html", "body"):
            continue
        keys = el.keys()
        if not keys:
            # A third of a page's elements carry no attribute: only their tag can doom them.
            if tag in ("nav", "footer"):
                doomed.append(el)
            continue
        # get() of a name not in keys still costs a C call: ask only for what is there.
        cls = el.get("class") if "class" in keys else None
        ident = el.get("id") if "id" in keys else None
        if cls or ident:
            info = info_cache.get((cls, ident))
            words, bits = info if info is not None else _attr_info(el)
        else:
            # Links and images carry attributes but no class or id: nothing to look up.
            words, bits = _NO_INFO
        if (bits & byline or ("itemprop" in keys and el.get("itemprop") == "author")
                or ("rel" in keys and el.get("rel") == "author")):
            bylines.feed(el, words)
        if tag in ("nav", "footer") or (bits & chrome and not bits & spared) or bits & social:
            doomed.append(el)
        elif ("hidden" in keys or "style" in keys) and _is_hidden(el) and not _is_prose_box(el):
            # Hidden menus and modals go; a collapsed "continue reading" part of the story stays.
            doomed.append(el)
    if not doomed:
        return bylines.byline
    # Elements with an <article> below them, found once: nothing dropped here ever holds
    # an <article>, so the set stays true while the loop below edits the tree.
    above_article: set = set()
    for art in body.iter("article"):
        node = art.getparent()
        while node is not None and node not in above_article:
            above_article.add(node)
            node = node.getparent()
    body_len = None
    kept = {id(k) for k in keep}  # keep holds the elements, so their ids stay theirs
    drops: list = []
    for el in doomed:
        if el.getparent() is not None and id(el) not in kept:
            # A chrome class on a wrapper that holds most of the page is a mislabel, not chrome.
            if el.tag in ("main", "article") or el in above_article:
                continue
            if len(el) > 3 and el.tag not in ("nav", "footer"):
                if body_len is None:
                    # The page's length counts the text left by the drops decided so far.
                    _drop_all(body, drops, batch=not keep)
                    drops = []
                    body_len = max(_text_len(body), 1)
                if _text_len(el) > 0.6 * body_len and _link_len(el) < 0.3 * body_len:
                    continue
            drops.append(el)
    _drop_all(body, drops, batch=not keep)
    return bylines.byline


# A tag no page uses: doomed elements are renamed to it and removed by one strip_elements call.
_DOOMED_TAG = "wire-split-doomed-element"


def _drop_all(body, drops: list, batch: bool) -> None:
    """_drop each element of drops, in order; in one libxml2 call when that gives the same tree.

    _drop joins each dropped element's tail onto the text before it (its previous sibling's
    tail, or its parent's text), replacing control characters on the way; strip_elements
    leaves the tail text nodes in place, which reads the same (lxml joins adjacent text
    nodes) when none of the joined pieces holds a control character. A piece joined after
    an earlier drop in the same run is that earlier element's tail, checked as its own.
    Measured: a third of _drop's cost. Profile pages (batch=False) keep the one-by-one
    drops, as their kept elements may sit inside a dropped box and see its inner drops.
    """
    if not drops:
        return
    if batch:
        pieces = []
        for el in drops:
            pieces.append(el.tail or "")
            previous = el.getprevious()
            pieces.append((previous.tail if previous is not None else el.getparent().text) or "")
        if not _CONTROL_RE.search("".join(pieces)):
            for el in drops:
                el.tag = _DOOMED_TAG
            etree.strip_elements(body, _DOOMED_TAG, with_tail=False)
            _edited()
            return
    for el in drops:
        _drop(el)


# --- finding the body ---------------------------------------------------------------------


def _text_len(el) -> int:
    return len(_ntext(el))


def _link_len(el) -> int:
    total = 0
    for a in el.iter("a"):
        total += len(_ntext(a))
    return total


def _direct_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS and child.tag != "a":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return _norm(" ".join(parts))


class _Lengths:
    """Text and link-text lengths of every element, and its text balance, in one bottom-up pass.

    Lengths count normalised text (runs of whitespace as one space), so they match
    len(_norm(_text(el))) to within the separators between text nodes. `balance` is, per
    element, paragraph-sized prose in its subtree minus link and widget text (see _balance):
    an article split over sibling containers (ads and photos between its chunks) shows up as
    an ancestor whose balance exceeds the best-scored chunk's. Both come from the same walk
    because the walk, not the arithmetic, is what costs.
    """

    __slots__ = ("balance", "link", "text")

    def __init__(self, body) -> None:
        self.text: dict = {}
        self.link: dict = {}
        self.balance: dict = {}
        text, link, total = self.text, self.link, self.balance
        blocky: set = set()  # elements with a block (or an inline element holding one) below them
        inline_tags = _INLINE_TAGS
        for el in reversed(list(body.iter(etree.Element))):
            t = el.text
            # Most text nodes of a page are the whitespace between tags: isspace() is cheaper.
            if t and not t.isspace():
                n = len(" ".join(t.split()))
                # The element's own text for the balance: len(_norm(" ".join(pieces))), counted
                # here as the sum of (normalised length + 1) over the pieces that are not blank,
                # minus one (the joining spaces keep words of two pieces apart), so the children
                # are not read a second time for blocky elements (measured: a fifth of the pass).
                direct = n + 1
            else:
                n = direct = 0
            k = 0
            has_block = False
            sub = 0.0
            inline = None  # inline children without a block below them, when there are any
            if len(el):  # most elements are leaves: no child iterator for them
                for child in el:
                    t = child.tail
                    if t:
                        if t.isspace():
                            n += 1
                        else:
                            m = len(" ".join(t.split())) + 1
                            n += m
                            direct += m
                    ctag = child.tag
                    if isinstance(ctag, str):
                        n += text[child] + 1
                        k += link[child]
                        if ctag not in inline_tags or child in blocky:
                            has_block = True
                        elif inline is None:
                            inline = [child]
                        else:
                            inline.append(child)
                        sub += total.get(child, 0.0)
            tag = el.tag
            text[el] = n
            link[el] = k = n if tag == "a" else k
            if not has_block:
                if tag not in inline_tags:  # inline text is counted by the enclosing block
                    total[el] = _balance(n, k, "")
                continue
            blocky.add(el)
            link_n = 0
            if inline is not None:
                for child in inline:
                    m = len(_ntext(child))
                    if m:
                        direct += m + 1
                    link_n += _link_len(child) if child.tag != "a" else m
            total[el] = sub + (_balance(direct - 1, link_n, "") if direct else 0.0)

    def text_len(self, el) -> int:
        value = self.text.get(el)
        return _text_len(el) if value is None else value

    def link_len(self, el) -> int:
        value = self.link.get(el)
        return _link_len(el) if value is None else value


def _find_body(root, lengths: _Lengths | None = None) -> list:
    """The core container(s) of the main article body, by paragraph scoring.

    Each paragraph-like block (length, commas, little link text) adds its score to its parent,
    half to its grandparent and a third above (the content-scoring idea readability made
    popular); a container's score is damped by its link density and nudged by its class/id
    vocabulary. The best container is returned with the siblings that score alike.
    """
    body = root.find("body")
    if body is None:
        return []
    scores: dict = {}

    def add(el, score: float) -> None:
        node = el.getparent()
        level = 0
        while node is not None and level < 3 and node.tag != "html":
            scores[node] = scores.get(node, 0.0) + score / (1, 2, 3)[level]
            node = node.getparent()
            level += 1

    if lengths is None:
        lengths = _Lengths(body)
    # lengths.text is an upper bound of an element's normalised (direct) text length, so it
    # rules out the many short blocks without building their text.
    upper = lengths.text
    for el in body.iter("p", "pre", "td", "blockquote", "div", "section", "article", "li"):
        tag = el.tag
        if tag in ("div", "section", "article", "li", "td", "blockquote"):
            if upper[el] < 80:
                continue
            text = _direct_text(el)
            if tag == "li" and len(text) < 100:
                continue
            if len(text) < 80:
                continue
            # Score the element itself as a paragraph: a text-in-div page has no <p> at all.
            link = 0
        else:
            if upper[el] < 25:
                continue
            text = _ntext(el)
            if len(text) < 25:
                continue
            link = _link_len(el)
        if link > 0.5 * len(text):
            continue
        score = 1.0 + text.count(",") + text.count("，") + text.count("、") + min(len(text) / 100.0, 3.0)
        if tag in ("div", "section", "article", "li", "td", "blockquote"):
            scores[el] = scores.get(el, 0.0) + score
            add(el, score / 2)
        else:
            add(el, score)
    if not scores:
        return []

    best, best_score = None, 0.0
    finals: dict = {}
    for el, score in scores.items():
        total = lengths.text_len(el)
        if total == 0:
            continue
        density = min(1.0, lengths.link_len(el) / total)
        words = _attr_words(el)
        weight = 1.0
        if words:
            if _has("positive", words):
                weight += 0.25
            if _has("negative", words):
                weight -= 0.25
        if el.tag in ("article", "main") or el.get("itemprop") == "articleBody":
            weight += 0.25
        final = score * (1.0 - density) * weight
        finals[el] = final
        if final > best_score:
            best, best_score = el, final
    if best is None:
        return []
    # Climb while the parent's score is close: the article is spread over siblings of the best node.
    node = best
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        pf = finals.get(parent, 0.0)
        if pf >= best_score * 0.95 and lengths.text_len(parent) < 1.6 * max(lengths.text_len(node), 1):
            node = parent
            best_score = max(best_score, pf)
            continue
        break
    best = node
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    chosen = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is best:
            chosen.append(sib)
            continue
        if sib.tag == "article" and (sib.find(".//h1") is not None or sib.find(".//h2") is not None):
            continue  # a story of its own (infinite scroll, teaser), not more of this one
        if finals.get(sib, 0.0) >= threshold:
            chosen.append(sib)
            continue
        if sib.tag == "p":
            text = _ntext(sib)
            if len(text) > 80 and _link_len(sib) < 0.25 * len(text) or 0 < len(text) <= 80 and _link_len(sib) == 0 and re.search(r"\.( |$)", text):
                chosen.append(sib)
    return chosen


def _find_body_hybrid(root) -> list:
    """Readability-style scoring picks the core; the text balance says how far to widen it."""
    body = root.find("body")
    if body is None:
        return []
    lengths = _Lengths(body)
    chosen = _find_body(root, lengths)
    if not chosen:
        return chosen
    total = lengths.balance
    node = chosen[0] if len(chosen) == 1 else chosen[0].getparent()
    start = node
    current = total.get(node, 0.0) if len(chosen) == 1 else sum(total.get(c, 0.0) for c in chosen)
    best, best_value = node, current
    start_len = max(lengths.text_len(start), 1)
    for _ in range(_CLIMB):
        node = node.getparent()
        if node is None or node.tag == "html":
            break
        if lengths.text_len(node) > _MAX_GROWTH * start_len:
            break
        if _holds_other_story(node, start):
            break
        value = total.get(node, 0.0)
        if value > best_value:
            best, best_value = node, value
    node = best
    if node is start or best_value <= current + max(150.0, _GAIN * current):
        return chosen
    return [node]


def _holds_other_story(node, start) -> bool:
    """Does node hold an <article> with its own headline besides the one at or around start?"""
    for art in node.iter("article"):
        if art is start or _contains(art, start) or _contains(start, art):
            continue
        if art.find(".//h1") is not None or art.find(".//h2") is not None:
            if sum(1 for p in art.iter("p") if len(_ntext(p)) >= 80) >= 3:
                return True
    return False


def _balance(n: int, link: int, text: str) -> float:
    # Only paragraph-sized prose counts for the article; teaser snippets are short and
    # come with a headline link, which counts against the box that holds them.
    if n >= _MIN_PROSE and link <= 0.3 * n:
        return float(n - 2 * link)
    return -2.0 * link - _SHORT_PENALTY * (n - link)


# Tuning of the body finder. Chosen while developing on ../shared/data/aeb (see the README):
_MIN_PROSE = 100  # characters: shorter text blocks do not count as article prose in the balance
_SHORT_PENALTY = 0.5  # weight of short non-link text (widgets, labels) against a container
_CLIMB = 6  # how many ancestors above the scored core may widen the body
_GAIN = 0.15  # widen only when the balance grows by this share (and at least 150 characters)
_MAX_GROWTH = 3.0  # never widen to an ancestor with more than 3x the core's text
_LD_FALLBACK = 0.25  # use JSON-LD articleBody when the DOM body has < 25% of its length
_LOOSE = True  # card lists may carry a snippet after each headline link
_SNIPPET_MAX = 200  # characters of snippet a card item may carry


# --- walking the body ---------------------------------------------------------------------


class _Block:
    """One block of the body stream, before it is classified."""

    __slots__ = ("el", "kind", "link_len", "links", "tag", "text")

    def __init__(self, kind: str, text: str, el, links: list, link_len: int, tag: str) -> None:
        self.kind = kind  # "text", "heading", "caption", "cards", "li"
        self.text = text
        self.el = el
        self.links = links  # [(anchor text, href)]
        self.link_len = link_len
        self.tag = tag


_BLOCK_SET = frozenset(_BLOCK_TAGS)


def _has_block(el) -> bool:
    # Most callers ask about a paragraph with a handful of inline children: a plain loop beats
    # building lxml's 35-tag matcher; a big subtree goes to that matcher after a few dozen nodes.
    for seen, d in enumerate(el.iterdescendants()):
        if d.tag in _BLOCK_SET:
            return True
        if seen >= 48:
            for _ in el.iterdescendants(*_BLOCK_TAGS):
                return True
            return False
    return False


def _anchors(el) -> list[tuple[str, str]]:
    out = []
    for a in el.iter("a"):
        text = _ntext(a)
        if text:
            out.append((text, a.get("href") or ""))
    return out


class _Walker:
    """Walks the body container in document order and emits typed blocks (text, heading, li,
    caption, cards); inline runs between <br><br> become paragraphs of text-in-div pages."""

    def __init__(self, profile: SiteProfile | None = None) -> None:
        self.blocks: list[_Block] = []
        self.profile = profile
        self.card_set: set = set()
        self.caption_set: set = set()
        self.drop_set: set = set()

    def walk(self, el) -> None:
        run: list[str] = []
        run_links: list = []
        run_el = el

        def flush() -> None:
            text = _norm(" ".join(run))
            if text:
                link_len = sum(len(t) for t, _ in run_links)
                self._emit(text, run_el, list(run_links), link_len, "div")
            run.clear()
            run_links.clear()

        if el.text:
            run.append(el.text)
        prev_br = False
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                if child.tail:
                    run.append(child.tail)
                continue
            if tag in _INLINE_TAGS and (tag == "br" or not _has_block(child)):
                if tag == "br":
                    if prev_br:
                        flush()
                    prev_br = True
                else:
                    prev_br = False
                    if not self._special(child):
                        run.append(_text(child))
                        if tag == "a":
                            t = _ntext(child)
                            if t:
                                run_links.append((t, child.get("href") or ""))
                        else:
                            run_links.extend(_anchors(child))
            else:
                prev_br = False
                flush()
                self.visit(child)
            if child.tail:
                if child.tail.strip():
                    prev_br = False
                run.append(child.tail)
        flush()

    def _route_inner_captions(self, el) -> None:
        """Inline image captions inside a paragraph (msn's span.storyimage) leave the paragraph."""
        inner = [x for x in el.iterdescendants() if isinstance(x.tag, str) and _has("caption", _attr_words(x))]
        for x in inner:
            if any(y is not x and _contains(y, x) for y in inner):
                continue
            self._caption(x)
            if x.getparent() is not None:
                _drop(x)

    def _special(self, el) -> bool:
        """Inline elements that are captions (msn's span.caption) are routed, not run together."""
        words = _attr_words(el)
        if not words or not _has("caption", words):
            for x in el.iterdescendants():
                if isinstance(x.tag, str) and _has("caption", _attr_words(x)):
                    self._route_inner_captions(el)
                    break
        if words and _has("caption", words):
            self._caption(el)
            return True
        return bool(words) and _has("chrome", words) and not _has("positive", words)

    def visit(self, el) -> None:
        tag = el.tag
        if el in self.drop_set:
            return
        if el in self.caption_set:
            self._caption(el)
            return
        if el in self.card_set:
            self.blocks.append(_Block("cards", _ntext(el), el, _anchors(el), _link_len(el), tag))
            return
        if tag in ("nav", "footer", "header", "form", "hr") or tag == "h1":
            return
        words = _attr_words(el)
        if tag in ("figure", "figcaption") or (words and _has("caption", words)):
            if _is_link_box(el):
                self.blocks.append(_Block("cards", _ntext(el), el, _anchors(el), _link_len(el), tag))
            else:
                self._caption(el)
            return
        if words and _has("cardbox", words) and not _has("positive", words) and not _is_prose_box(el):
            self.blocks.append(_Block("cards", _ntext(el), el, _anchors(el), _link_len(el), tag))
            return
        if words and _has("chrome", words) and not _has("positive", words):
            return
        if tag == "aside":
            self.blocks.append(_Block("cards", _ntext(el), el, _anchors(el), _link_len(el), tag))
            return
        if tag in _PARA_TAGS and not _has_block(el):
            self._route_inner_captions(el)
            text = _ntext(el)
            if text:
                anchors = _anchors(el)
                self._emit(text, el, anchors, sum(len(t) for t, _ in anchors), tag)
            return
        if tag in ("ul", "ol", "div", "section", "dl", "table", "tbody") and self._is_card_list(el):
            self.blocks.append(_Block("cards", _ntext(el), el, _anchors(el), _link_len(el), tag))
            return
        self.walk(el)

    def _is_card_list(self, el) -> bool:
        """A list or box whose items are each a headline-sized link, optionally with a snippet."""
        items = [c for c in el if isinstance(c.tag, str)]
        if len(items) < 2:
            return False
        total = _text_len(el)
        if total == 0 or total > 3000:
            return False
        if _link_len(el) < (0.3 if _LOOSE else 0.6) * total:
            return False
        cardlike = filled = 0
        for item in items:
            text = _ntext(item)
            if not text:
                continue
            filled += 1
            anchors = _anchors(item)
            if not anchors:
                continue
            best = max(anchors, key=lambda a: len(a[0]))[0]
            if not _headline_like(best):
                continue
            # Mostly the link, or the link first and a short snippet after it.
            after = _strip_label(text)[len(_strip_label(best)):].lstrip()
            if (best.endswith(".") and not best.endswith("..")) or (after.startswith(".") and not after.startswith("..")):
                continue  # a linked sentence (digest items), not a headline
            if len(best) >= 0.6 * len(text) or (
                _LOOSE and not best.endswith(".") and _strip_label(text).startswith(_strip_label(best))
                and len(text) - len(best) <= _SNIPPET_MAX
            ):
                cardlike += 1
        return cardlike >= 2 and cardlike >= 0.6 * filled

    def _caption(self, el) -> None:
        """One caption per caption-sized leaf (a slideshow holds several); credits kept apart."""
        leaves = [x for x in el.iter(*_PARA_TAGS, "div", "span") if x is not el and not _has_block(x)
                  and len(_ntext(x)) >= 15 and not _has("credit", _attr_words(x))]
        # Only split when the leaves do not nest (a span inside a p is one caption, not two).
        if len(leaves) > 1 and not any(_related(a, b) for i, a in enumerate(leaves) for b in leaves[i + 1:]):
            for leaf in leaves:
                self._one_caption(leaf)
        else:
            self._one_caption(el)

    def _one_caption(self, el) -> None:
        credit = None
        for x in el.iter():
            if x is not el and isinstance(x.tag, str):
                words = _attr_words(x)
                if words and _has("credit", words):
                    credit = _ntext(x) or None
                    if credit:
                        break
        text = _ntext(el)
        if credit and credit in text:
            text = _norm(text.replace(credit, " ", 1))
        # Slideshow counters ("1 of 2", "1 de 1") are chrome, wherever the template puts them.
        text = _COUNTER_TAIL_RE.sub("", text).strip()
        if credit:
            credit = credit.strip()
            if credit.startswith("(") and credit.endswith(")"):
                credit = credit[1:-1].strip()
        if text or credit:
            block = _Block("caption", text, el, [], 0, el.tag)
            block.links = [("credit", credit)] if credit else []
            self.blocks.append(block)

    def _emit(self, text: str, el, links: list, link_len: int, tag: str) -> None:
        kind = "heading" if tag in _HEADINGS else ("li" if tag == "li" else "text")
        self.blocks.append(_Block(kind, text, el, links, link_len, tag))


def _is_prose_box(el) -> bool:
    """Long text with few links: a wrapper named like a card ("story-card") that holds the story."""
    total = _text_len(el)
    return total > 1500 and _link_len(el) < 0.3 * total


def _is_link_box(el) -> bool:
    """Mostly link text with a headline-sized link: a teaser, whatever its class says."""
    anchors = _anchors(el)
    if not anchors:
        return False
    total = _text_len(el)
    return _link_len(el) >= 0.5 * max(total, 1) and any(_headline_like(t) for t, _ in anchors)


def _headline_like(text: str) -> bool:
    """Could this link text be a story headline (not a tag, a name, or a call to action)?"""
    text = _strip_label(text)
    words = text.split()
    if len(words) < 3 or len(text) < 15 or len(text) > 250 or _LINK_WORDS_RE.match(text) or _PROMO_RE.search(text):
        return False
    # Headlines start with a capital, a digit or a quote; "stock car brasil" is a tag.
    return not (text[0].isalpha() and text[0].islower())


def _strip_label(text: str) -> str:
    m = _CARD_LABEL_RE.match(text)
    if m:
        text = text[m.end():]
    else:
        m = _CARD_LABEL_BARE_RE.match(text)
        if m:
            text = text[m.end():]
    text = text.strip(" \t|:»>-–—")
    for left, right in (("[", "]"), ("(", ")")):
        if text.startswith(left) and text.endswith(right):
            text = text[1:-1].strip()
        elif text.startswith(left) and right not in text:
            text = text[1:].strip()
        elif text.endswith(right) and left not in text:
            text = text[:-1].strip()
    return text


# --- classifying blocks -------------------------------------------------------------------


class _Card:
    __slots__ = ("headline", "href", "summary")

    def __init__(self, headline: str, summary: str | None, href: str | None) -> None:
        self.headline = headline
        self.summary = summary
        self.href = href


def _paragraph_card(block: _Block) -> list[_Card] | None:
    """A single paragraph that is a teaser: a label + link, or (almost) all one headline link."""
    text = block.text
    if not block.links or len(text) > 400:
        return None
    longest = max(block.links, key=lambda a: len(a[0]))
    labelled = bool(_CARD_LABEL_RE.match(text) or _CARD_LABEL_BARE_RE.match(text))
    stripped = _strip_label(text)
    link_share = block.link_len / max(len(stripped), 1)
    if labelled and link_share >= 0.5 and _headline_like(longest[0]):
        return [_Card(_strip_label(a), None, h) for a, h in _dedupe_links(block.links) if _headline_like(a)]
    if labelled and len(text) < 250:
        return []  # "More from X: get additional content on ...": a promo line, in no article
    if link_share >= 0.8 and _headline_like(longest[0]):
        cards = [_Card(_strip_label(a), None, h) for a, h in _dedupe_links(block.links) if _headline_like(a)]
        return cards or None
    # "Headline [INSIGHT]|Headline [VIDEO]" strips of several linked headlines.
    if _CARD_TRAILER_RE.search(text) and link_share >= 0.6:
        return [_Card(_strip_label(a), None, h) for a, h in _dedupe_links(block.links) if _headline_like(a)] or None
    return None


def _standalone(blocks: list[_Block], index: int) -> bool:
    """A heading not followed by prose of its own (the next text block is not body-like)."""
    for nxt in blocks[index + 1:]:
        if nxt.kind == "caption":
            continue
        if nxt.kind in ("cards", "heading"):
            return True
        return nxt.link_len > 0.5 * max(len(nxt.text), 1) or len(nxt.text) < 80
    return True


def _dedupe_links(links: list) -> list:
    """One (text, href) per target, keeping the longest anchor text (image + title links)."""
    seen: dict = {}
    for text, href in links:
        key = href or text
        if key not in seen or len(text) > len(seen[key][0]):
            seen[key] = (text, href)
    return list(seen.values())


def _box_cards(el) -> list[_Card]:
    """Teaser cards of a link box: one per headline link, a snippet when its card holds one."""
    anchors = [a for a in el.iter("a") if _headline_like(_ntext(a))]
    if not anchors:
        return []
    anchor_ids = {id(a) for a in anchors}
    cards: list[_Card] = []
    seen: set = set()
    for a in anchors:
        href = a.get("href") or ""
        headline = _strip_label(_ntext(a))
        key = href or headline
        if key in seen:
            continue
        seen.add(key)
        # The card is the largest ancestor (inside the box) that holds no other headline link.
        card = a
        node = a.getparent()
        while node is not None and node is not el:
            others = [x for x in node.iter("a") if id(x) in anchor_ids and (x.get("href") or "") != href]
            if others:
                break
            card = node
            node = node.getparent()
        summary = None
        if card is not a:
            heading = None
            for h in card.iter("h2", "h3", "h4", "h5", "h6", "strong", "b"):
                t = _ntext(h)
                if _headline_like(t):
                    heading = t
                    break
            if heading and heading in headline:
                headline = heading
            rest = _ntext(card)
            for piece in dict.fromkeys([_ntext(x) for x in card.iter("a")] + [headline]):
                if piece:
                    rest = rest.replace(piece, " ", 1)
            rest = _norm(rest)
            if len(rest) >= 40 and len(rest.split()) >= 6:
                summary = rest
        elif a.tail and len(_norm(a.tail)) >= 40:
            summary = _norm(a.tail).lstrip("-–—: ")
        cards.append(_Card(headline, summary, href or None))
    return cards


class _Split:
    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.captions: list[Caption] = []
        self.cards: list[_Card] = []
        self.byline: str | None = None
        self.times: list[str] = []


def _classify(blocks: list[_Block], headline: str | None, profile: SiteProfile | None = None) -> _Split:
    out = _Split()
    pending_heading: str | None = None
    headline_n = _norm(headline).lower() if headline else None
    seen_caption: set = set()
    for index, block in enumerate(blocks):
        text = block.text
        if block.kind == "caption":
            credit = block.links[0][1] if block.links else None
            cap = wire_meta.split_caption_credit(text) if text else Caption("", None)
            if credit and not cap.credit:
                # The caption's own photo credit wins over the box's provider attribution.
                cap = Caption(cap.text, credit)
            cap = Caption(cap.text.lstrip(" .·|-–—").rstrip(" ·|-–—"), cap.credit)
            if (
                cap.text
                and cap.text not in seen_caption
                and not _CHROME_TEXT_RE.match(cap.text)
                and _HAS_WORD_RE.search(cap.text)
                and cap.text.lower() != headline_n  # an image titled with the headline
            ):
                seen_caption.add(cap.text)
                out.captions.append(cap)
            elif not cap.text and cap.credit and out.captions and out.captions[-1].credit is None:
                last = out.captions[-1]
                out.captions[-1] = Caption(last.text, cap.credit)
            continue
        if block.kind == "cards":
            card = _profile_card(block.el, profile) if profile is not None and profile.card_headline else None
            cards = [card] if card else _box_cards(block.el)
            out.cards.extend(cards)
            pending_heading = None
            continue
        if block.kind != "heading" or _CARD_LABEL_RE.match(text) or _standalone(blocks, index):
            card = _paragraph_card(block)
        else:
            card = None  # a linked subheading over its own paragraphs is the article's
        if card is not None:
            out.cards.extend(card)
            pending_heading = None
            continue
        if not _HAS_WORD_RE.search(text) or _COUNTER_RE.match(text) or (len(text) < 150 and _MEDIA_TITLE_RE.match(text)):
            continue
        if len(text) < 80 and text.endswith(":") and block.link_len == 0 and len(text.split()) <= 6:
            # A label ("More on coronavirus:") belongs to what follows: kept before body text only.
            pending_heading = text
            continue
        if headline_n and text.lower() == headline_n:
            continue
        if len(text) < 120 and _CHROME_TEXT_RE.match(text):
            continue
        if len(text) < 100 and _BYLINE_RE.match(text) and not out.paragraphs:
            if out.byline is None:
                out.byline = tidy_byline(text)
            continue
        if len(text) < 80 and not out.paragraphs and wire_meta.parse_datetime(text) is not None and len(text.split()) <= 10:
            out.times.append(text)
            continue
        density = block.link_len / max(len(text), 1)
        if density > 0.5 and len(text) < 300:
            continue
        if density > 0.7:
            continue
        if block.kind == "heading":
            if density > 0.3:
                continue
            pending_heading = text
            continue
        if pending_heading:
            out.paragraphs.append(pending_heading)
            pending_heading = None
        out.paragraphs.append(text)
    return out


# --- profiles -----------------------------------------------------------------------------


def _first_match(root, xpaths) -> list:
    for xp in xpaths:
        try:
            found = [e for e in compiled(xp)(root) if isinstance(e, etree._Element)]
        except etree.XPathEvalError:
            continue
        if found:
            return found
    return []


def _profile_text(root, xpaths) -> str | None:
    """Text of the first non-empty match: an attribute value, a datetime attribute or element text."""
    for xp in xpaths:
        try:
            found = compiled(xp)(root)
        except etree.XPathEvalError:
            continue
        for item in found if isinstance(found, list) else [found]:
            if isinstance(item, str):
                text = _norm(item)
            elif isinstance(item, etree._Element):
                text = _norm(item.get("datetime") or item.get("title") if item.tag in ("time", "abbr") else None) or _norm(
                    _text(item)
                )
            else:
                continue
            if text:
                return text
    return None


def _profile_card(el, profile: SiteProfile) -> _Card | None:
    """A teaser card read with the profile's headline/summary selectors."""
    headline = _profile_text(el, profile.card_headline)
    if not headline:
        return None
    summary = _profile_text(el, profile.card_summary)
    if summary and summary.startswith(headline):
        # msn repeats the title at the start of the abstract.
        summary = summary[len(headline):].lstrip(" .:-–—").strip() or None
    href = None
    for a in el.iter("a"):
        if a.get("href"):
            href = a.get("href")
            break
    return _Card(_strip_label(headline), summary, href)


# --- appended articles --------------------------------------------------------------------


def _split_stream(blocks: list[_Block]) -> tuple[list[_Block], list[list[_Block]]]:
    """Cut whole stories appended to the body stream: a heading followed by a wire-credit lead.

    The main story keeps every block before the first such heading; each appended story is
    returned as [heading, *blocks]. Needs two text blocks of the main story first, so a
    story's own subheading above its lead is never mistaken for a new story.
    """
    parts: list[list[_Block]] = []
    start = 0
    texts_before = 0
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "text":
            texts_before += 1
        elif b.kind == "heading" and b.tag in ("h1", "h2", "h3") and texts_before >= 2 and len(b.text.split()) >= 4:
            for j in range(i + 1, min(i + 4, len(blocks))):
                nxt = blocks[j]
                if nxt.kind == "text" and wire_meta.parse_wire_credit(nxt.text)[1]:
                    parts.append(blocks[start:i])
                    start = i
                    texts_before = 0
                    break
        i += 1
    parts.append(blocks[start:])
    return parts[0], parts[1:]


def _nearby_captions(walker: _Walker, containers: list, profile: SiteProfile | None, root) -> None:
    """Photo captions of the story that sit outside the body container (a lead photo above it)."""
    scope = None
    node = containers[0].getparent()
    for _ in range(4):
        if node is None:
            break
        if node.tag == "article":
            scope = node
            break
        node = node.getparent()
    if scope is None:
        scope = containers[0].getparent()
    if scope is None:
        return
    candidates = list(scope.iter("figure"))
    if profile is not None:
        candidates += [el for el in walker.caption_set]
    done: list = []
    for fig in candidates:
        if any(_contains(c, fig) or c is fig for c in containers) or any(_contains(d, fig) or d is fig for d in done):
            continue
        if fig.getparent() is None:
            continue
        done.append(fig)
        walker._caption(fig)


def _appended_articles(root, containers: list, headline: str | None) -> list[tuple[str, list[str]]]:
    """Whole articles appended after the main one (<article> elements with their own headline)."""
    out = []
    for art in root.iter("article"):
        if any(_related(art, c) for c in containers):
            continue
        h = None
        for hel in art.iter("h1", "h2"):
            h = _ntext(hel)
            if h:
                break
        if not h or (headline and h == _norm(headline)):
            continue
        paras = [t for t in (_ntext(p) for p in art.iter("p")) if len(t) >= 80]
        if len(paras) < 3 or sum(len(p) for p in paras) < 600:
            continue
        if _link_len(art) > 0.3 * max(_text_len(art), 1):
            continue
        out.append((h, paras))
    return out


def _contains(outer, inner) -> bool:
    node = inner.getparent()
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _related(a, b) -> bool:
    """True when one element contains the other."""
    node = a
    while node is not None:
        if node is b:
            return True
        node = node.getparent()
    node = b
    while node is not None:
        if node is a:
            return True
        node = node.getparent()
    return False


# --- the splitter -------------------------------------------------------------------------


def split_html(page: Page) -> list[Article]:
    """[main, *embedded] of one HTML page; raise Rejected("not_html" | "no_article")."""
    try:
        return _split_html(page)
    finally:
        _edited()  # the remembered texts hold the page's tree


def _split_html(page: Page) -> list[Article]:
    root = parse_html(page.text, page.utf8)
    meta = _page_meta(root, page)
    domain = wire_meta.domain_of(page.url or meta.canonical)
    profile = profile_for(domain)

    # Profile selectors are resolved before cleaning so a chrome-looking class cannot hide them.
    keep: list = []
    containers: list = []
    walker = _Walker(profile)
    if profile is not None:
        containers = _first_match(root, profile.body)
        keep = list(containers)
        for xp in profile.drop:
            walker.drop_set.update(_first_match(root, (xp,)))
        for xp in profile.captions:
            walker.caption_set.update(_first_match(root, (xp,)))
        for xp in profile.cards:
            walker.card_set.update(_first_match(root, (xp,)))
        byline = _profile_text(root, profile.byline)
        if byline:
            meta.byline = tidy_byline(byline) or meta.byline
        when = _profile_text(root, profile.time)
        if when and meta.published is None:
            meta.published = wire_meta.parse_datetime(when)
        heading = _profile_text(root, profile.headline)
        if heading:
            meta.headline = heading
    keep.extend(walker.card_set)
    keep.extend(walker.caption_set)
    # lxml makes a Python object for an element each time one is handed out and none is
    # alive; the body finder, the walker and the text lookups go over the same elements
    # again and again, so holding one object per element for the whole split saves making
    # them afresh on each pass (measured: about a tenth of the split time).
    alive: list = []
    page_byline = _clean(root, keep, alive)
    if meta.byline is None:
        meta.byline = page_byline
    if not containers:
        containers = _find_body_hybrid(root)
    if not containers and not meta.ld_body:
        raise Rejected("no_article", "no text block found")
    for container in containers:
        walker.visit(container) if container.tag in _PARA_TAGS else walker.walk(container)
    body_blocks = walker.blocks
    walker.blocks = []
    if containers:
        _nearby_captions(walker, containers, profile, root)
    body_blocks = walker.blocks + body_blocks
    body_blocks, appended_blocks = _split_stream(body_blocks)
    split = _classify(body_blocks, meta.headline, profile)
    body_chars = sum(len(p) for p in split.paragraphs)
    if meta.ld_body and body_chars < _LD_FALLBACK * len(meta.ld_body):
        # The page renders its text with JavaScript: the structured data is all we have.
        split.paragraphs = [p for p in (_norm(x) for x in meta.ld_body.splitlines()) if p]
        body_chars = sum(len(p) for p in split.paragraphs)
    if body_chars < 150:
        raise Rejected("no_article", "no article body found")
    if meta.is_front and body_chars < 500:
        # A front page or section index: declared a website, no article metadata, and only
        # a teaser-sized text block between its link lists.
        raise Rejected("no_article", "front page: no article body")

    dateline = provider = None
    for para in split.paragraphs[:3]:
        dateline, provider = wire_meta.parse_wire_credit(para)
        if provider:
            break
    if provider is None and meta.provider_credit:
        provider = meta.provider_credit
    if provider is None:
        provider = (profile.provider if profile and profile.provider else None) or meta.site_name
    provider = wire_meta.canonical_provider(provider) if provider else None
    published = meta.published
    if published is None and split.times:
        published = wire_meta.parse_datetime(split.times[0])

    common = {
        "input_uri": page.input_uri,
        "input_sha256": page.input_sha256,
        "source_url": page.url,
        "source_domain": domain,
        "fetched_at": page.fetched_at,
        "charset": page.charset,
        "charset_reason": page.charset_reason,
        "declared_language": meta.language,
    }
    main_uri = article_uri(page.input_uri, page.input_sha256, "main", 0)
    main = Article(
        uri=main_uri,
        role="main",
        position=0,
        representation="full",
        headline=meta.headline,
        summary=meta.summary,
        paragraphs=tuple(split.paragraphs),
        byline=meta.byline or split.byline or meta.byline_meta,
        dateline=dateline,
        provider=provider,
        is_wire=wire_meta.is_wire_provider(provider),
        published_at=published,
        updated_at=meta.updated,
        canonical_url=meta.canonical,
        section=meta.section,
        captions=tuple(split.captions),
        **common,
    )
    articles = [main]
    base = meta.canonical or page.url or ""
    seen: set = set()
    for card in split.cards:
        key = (card.headline.lower(), card.href)
        if not card.headline or key in seen:
            continue
        seen.add(key)
        position = len(articles)
        target = _absolute(card.href, base)
        card_domain = wire_meta.domain_of(target) if target else None
        articles.append(
            Article(
                uri=article_uri(page.input_uri, page.input_sha256, "embedded", position),
                role="embedded",
                position=position,
                representation="partial",
                headline=card.headline,
                summary=card.summary,
                parent_uri=main_uri,
                links_to=target,
                canonical_url=target if card_domain else None,
                **common,
            )
        )
    for blocks in appended_blocks:
        heading = blocks[0].text
        part = _classify(blocks[1:], heading, profile)
        if not part.paragraphs:
            continue
        position = len(articles)
        d = p = None
        for para in part.paragraphs[:3]:
            d, p = wire_meta.parse_wire_credit(para)
            if p:
                break
        articles.append(
            Article(
                uri=article_uri(page.input_uri, page.input_sha256, "embedded", position),
                role="embedded",
                position=position,
                representation="full",
                headline=heading,
                paragraphs=tuple(part.paragraphs),
                byline=part.byline,
                dateline=d,
                provider=p or provider,
                is_wire=wire_meta.is_wire_provider(p or provider),
                captions=tuple(part.captions),
                published_at=wire_meta.parse_datetime(part.times[0]) if part.times else None,
                parent_uri=main_uri,
                **common,
            )
        )
    for heading, paras in _appended_articles(root, containers, meta.headline):
        position = len(articles)
        d, p = wire_meta.parse_wire_credit(paras[0])
        articles.append(
            Article(
                uri=article_uri(page.input_uri, page.input_sha256, "embedded", position),
                role="embedded",
                position=position,
                representation="full",
                headline=heading,
                paragraphs=tuple(paras),
                dateline=d,
                provider=p,
                is_wire=wire_meta.is_wire_provider(p),
                parent_uri=main_uri,
                **common,
            )
        )
    return articles


__all__ = ["parse_html", "split_html"]

