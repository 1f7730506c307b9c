"""Wire metadata parsed from article text: datelines, provider credits, caption credits, times.

Pure, fast and total: every function takes any string (or None) and returns a
value, never raises. Used by both splitters (wire.split.html, wire.split.text).

- parse_wire_credit(paragraph) -> (dateline, provider)   "GROSSETO, Italy (AP) --"
- parse_provider_credit(text) -> provider | None          "© Provided by Associated Press"
- split_caption_credit(text) -> Caption                   "... 2021. (AP Photo/X, Pool)"
- canonical_provider(name) / is_wire_provider(name)       "AP" -> "Associated Press"
- parse_datetime(value) -> aware UTC datetime | None      ISO 8601, RFC 2822, "19:40  08 october  2021"
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from wire.records import Caption

# Alias (lower-cased, dots and "the " dropped) -> canonical name. Wire services
# (news agencies that sell copy to other outlets) are marked in WIRE_PROVIDERS.
_PROVIDER_ALIASES: dict[str, str] = {
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "ap news": "Associated Press",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "reuters news": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "afp relaxnews": "AFP",
    "upi": "United Press International",
    "united press international": "United Press International",
    "dpa": "dpa",
    "deutsche presse-agentur": "dpa",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "kyodo": "Kyodo News",
    "kyodo news": "Kyodo News",
    "efe": "EFE",
    "agencia efe": "EFE",
    "ansa": "ANSA",
    "pa": "PA Media",
    "pa media": "PA Media",
    "press association": "PA Media",
    "cp": "The Canadian Press",
    "canadian press": "The Canadian Press",
    "the canadian press": "The Canadian Press",
    "aap": "Australian Associated Press",
    "australian associated press": "Australian Associated Press",
    "pti": "Press Trust of India",
    "press trust of india": "Press Trust of India",
    "ians": "IANS",
    "ani": "ANI",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "interfax": "Interfax",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "aa": "Anadolu Agency",
    "apa": "APA",
    "sda": "Keystone-SDA",
    "keystone-sda": "Keystone-SDA",
    "europa press": "Europa Press",
    "lusa": "Lusa",
    "ntb": "NTB",
    "tt": "TT",
    "ritzau": "Ritzau",
    "anp": "ANP",
    "belga": "Belga",
    "cna": "CNA",
    "bernama": "Bernama",
    "antara": "Antara",
    "kyodo news agency": "Kyodo News",
}
WIRE_PROVIDERS: frozenset[str] = frozenset(_PROVIDER_ALIASES.values())

# Aliases too ambiguous as bare words inside running text ("PA", "TT", "AA"):
# only trusted inside a credit's parentheses.
_WEAK_ALIASES = frozenset({"pa", "tt", "aa", "cp", "ani", "apa", "sda", "cna", "ntb", "anp"})


def _alias_key(name: str) -> str:
    key = re.sub(r"\s+", " ", name.replace(".", "").replace("\u00a0", " ")).strip().lower()
    return key


def canonical_provider(name: str | None) -> str | None:
    """Canonical name of a provider ("AP" -> "Associated Press"); other names come back tidied."""
    if not name or not isinstance(name, str):
        return None
    tidy = re.sub(r"\s+", " ", name.replace("\u00a0", " ")).strip(" \t,;:-–—()[]")
    if not tidy:
        return None
    return _PROVIDER_ALIASES.get(_alias_key(tidy), tidy)


def is_wire_provider(name: str | None) -> bool:
    """True for news agencies that sell copy to other outlets (AP, Reuters, AFP, ...)."""
    canon = canonical_provider(name)
    return canon in WIRE_PROVIDERS if canon else False


# --- datelines --------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    # the commonest non-English spellings seen on aggregator pages
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))

_UP = "A-ZÀ-ÖØ-Þ"
# A place word: an upper-case initial, then letters, apostrophes, dots or hyphens.
_PLACE_WORD = rf"[{_UP}][\w'’.\-]*"
_WIRE_CREDIT_RE = re.compile(
    rf"""^\s*
    (?P<place>{_PLACE_WORD}(?:[ \u00a0]+{_PLACE_WORD}){{0,5}}
        (?:,[ \u00a0]*[\w'’.\-]+(?:[ \u00a0]+[\w'’.\-]+){{0,4}}){{0,2}})
    [ \u00a0]*\((?P<credit>[^()\n]{{1,40}})\)[ \u00a0]*
    (?:[—–―_]|--?|:)""",
    re.VERBOSE,
)
_DATE_PART_RE = re.compile(
    rf"^(?:(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?:{_MONTH_RE})\.?(?:\s+\d{{4}})?|\d{{4}})$",
    re.IGNORECASE,
)
# Words that look like a place but open a sentence ("BREAKING (video) —", "UPDATE (2) -").
_NOT_PLACES = frozenset({"breaking", "update", "updated", "watch", "video", "photos", "live", "exclusive", "opinion"})


def parse_wire_credit(paragraph: str | None) -> tuple[str | None, str | None]:
    """(dateline, provider) from a lead such as "MEXICO CITY (AP) —"; (None, None) when absent.

    The dateline is the place before the credit as printed ("GROSSETO, Italy");
    a Reuters-style date after the place ("LONDON, Oct 8 (Reuters) -") is dropped.
    """
    if not paragraph or not isinstance(paragraph, str):
        return None, None
    match = _WIRE_CREDIT_RE.match(paragraph[:300])
    if not match:
        return None, None
    credit = match.group("credit").strip()
    provider = _credit_provider(credit)
    if provider is None:
        return None, None
    parts = [p.strip() for p in match.group("place").split(",")]
    head = parts[0]
    if _alias_key(head) in _NOT_PLACES or len(head) < 2:
        return None, None
    # The first segment of a dateline is the city in capitals (AP and Reuters style),
    # or at least in Title Case; a lower-case word means this is a sentence, not a place.
    if not all(w[:1].isupper() for w in head.split()):
        return None, None
    kept = [head]
    for part in parts[1:]:
        if not part or _DATE_PART_RE.match(part):
            break
        kept.append(part)
    return ", ".join(kept), provider


def _credit_provider(credit: str) -> str | None:
    """The provider named inside a dateline's parentheses: "(AP)", "(Reuters)", "(AFP/Getty)"."""
    first = re.split(r"[/|]", credit)[0].strip()
    if not first or len(first.split()) > 5 or any(ch.isdigit() for ch in first):
        return None
    canon = _PROVIDER_ALIASES.get(_alias_key(first))
    if canon:
        return canon
    if not first[:1].isupper():
        return None
    # An outlet's own credit ("SEATTLE (KOMO) —"): a short name in capitals or Title Case.
    if all(w[:1].isupper() for w in first.split()):
        return first
    return None


# --- provider credits -------------------------------------------------------------------

_PROVIDED_BY_RE = re.compile(
    r"(?:©|\(c\)|copyright)?\s*(?:\d{4}\s+)?(?:provided|supplied|distributed)\s+by\s+(?P<name>[^\n©|]{1,120})",
    re.IGNORECASE,
)
_COPYRIGHT_RE = re.compile(
    r"(?:©|\(c\)|copyright\b)\s*(?:(?:©|\(c\)|copyright\b)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<name>[^\n©|]{1,120})",
    re.IGNORECASE,
)
_KNOWN_NAMES = sorted({*_PROVIDER_ALIASES, *(v.lower() for v in _PROVIDER_ALIASES.values())}, key=len, reverse=True)


def _leading_known_name(text: str, allow_weak: bool) -> str | None:
    low = text.lower().replace(".", "")
    for name in _KNOWN_NAMES:
        if low.startswith(name) and (len(low) == len(name) or not low[len(name)].isalnum()):
            if name in _WEAK_ALIASES and not allow_weak:
                continue
            return _PROVIDER_ALIASES.get(name) or canonical_provider(name)
    return None


def _name_prefix(text: str) -> str | None:
    """A name at the start of text: words up to punctuation, at most six, initial capitals."""
    text = re.split(r"[.;:,|\n(]|\s[-–—]\s|\s{2,}", text.strip(), maxsplit=1)[0].strip()
    words = []
    for word in text.split():
        if not (word[:1].isupper() or word[:1].isdigit() or word.lower() in {"of", "the", "and", "&", "de", "la"}):
            break
        words.append(word)
        if len(words) == 6:
            break
    while words and words[-1].lower() in {"of", "the", "and", "&", "de", "la"}:
        words.pop()
    return " ".join(words) or None


def parse_provider_credit(text: str | None) -> str | None:
    """The provider of "© Provided by Associated Press", "Copyright 2021 The Associated Press"."""
    if not text or not isinstance(text, str):
        return None
    text = text.replace("\u00a0", " ")
    match = _PROVIDED_BY_RE.search(text)
    if match is None:
        match = _COPYRIGHT_RE.search(text)
    if match is None:
        return None
    rest = match.group("name").strip()
    rest = re.sub(r"^(?:all rights reserved\.?\s*)", "", rest, flags=re.IGNORECASE)
    known = _leading_known_name(rest, allow_weak=False)
    if known:
        return known
    name = _name_prefix(rest)
    if not name or re.fullmatch(r"[\d\s]+", name):
        return None
    return canonical_provider(name)


# --- caption credits --------------------------------------------------------------------

# Signals that a parenthesised tail is a photo credit, not an aside.
_CREDIT_HINT_RE = re.compile(
    r"photo|image|getty|credit|courtesy|/|\bAP\b|reuters|afp|\bEPA\b|shutterstock|pool|file|video|handout|via\b",
    re.IGNORECASE,
)
_TRAILING_PAREN_RE = re.compile(r"\s*\((?P<credit>[^()]{2,160})\)\s*[.:]?\s*$")
_TRAILING_LABEL_RE = re.compile(
    r"(?:^|\s)(?:\(?\s*)(?P<label>photo(?:graph)?s?|image|picture|credit|source|foto)\s*(?:credit)?\s*:\s*(?P<credit>[^:]{2,120}?)\)?\s*$",
    re.IGNORECASE,
)
_TRAILING_COPYRIGHT_RE = re.compile(r"\s*(?:©|\(c\))\s*(?P<credit>[^©]{2,120}?)\s*$", re.IGNORECASE)
# "Patrick Semansky/AP" after a full stop: a photographer/agency credit without brackets.
_TRAILING_SLASH_CREDIT_RE = re.compile(
    rf"(?<=[.!?”\"’)])\s+(?P<credit>(?:[{_UP}][\w'’.\-]*\s+){{0,3}}[{_UP}][\w'’.\-]*(?:\s*/\s*[{_UP}][\w'’.&\-]*(?:\s+[{_UP}][\w'’.&\-]*){{0,2}})+)\s*$"
)
# Photo agencies and wires that end a "Name/Agency" credit; used to find where a
# leading "© Name/Agency" credit stops and the caption starts.
_PHOTO_AGENCIES = sorted(
    [
        "Getty Images", "AFP", "AP", "Reuters", "EPA", "EPA-EFE", "Shutterstock", "Bloomberg",
        "NurPhoto", "SOPA Images", "LightRocket", "Sipa USA", "Sipa", "Alamy", "ZUMA Press",
        "ZUMA Wire", "Zuma", "Anadolu Agency", "Xinhua", "dpa", "picture alliance", "Pool",
        "USA TODAY", "USA TODAY Sports", "Imagn", "The Washington Post", "The New York Times",
        "Redux", "Corbis", "WireImage", "FilmMagic", "Invision", "Bloomberg via Getty Images",
        "AFP via Getty Images", "Getty", "Provided", "Handout", "TNS", "Tribune News Service",
    ],
    key=len,
    reverse=True,
)


def split_caption_credit(text: str | None) -> Caption:
    """Split a photo caption from its credit: "(AP Photo/X, Pool)", "© X/AFP/Getty Images ...", "Photo: X"."""
    if not text or not isinstance(text, str):
        return Caption(text="", credit=None)
    raw = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    if not raw:
        return Caption(text="", credit=None)

    match = _TRAILING_PAREN_RE.search(raw)
    if match and _CREDIT_HINT_RE.search(match.group("credit")) and match.start() > 0:
        credit = _strip_credit_label(match.group("credit"))
        return Caption(text=raw[: match.start()].strip(), credit=credit or None)

    if raw.startswith("©") or raw.lower().startswith("(c) "):
        body = raw[1:] if raw.startswith("©") else raw[3:]
        credit, caption = _split_leading_credit(body.strip())
        return Caption(text=caption, credit=credit)

    match = _TRAILING_COPYRIGHT_RE.search(raw)
    if match and match.start() > 0:
        return Caption(text=raw[: match.start()].strip(), credit=match.group("credit").strip() or None)

    match = _TRAILING_LABEL_RE.search(raw)
    if match and match.start() > 0:
        return Caption(text=raw[: match.start()].strip(), credit=match.group("credit").strip(" )") or None)

    match = _TRAILING_SLASH_CREDIT_RE.search(raw)
    if match:
        return Caption(text=raw[: match.start()].strip(), credit=match.group("credit").strip())

    return Caption(text=raw, credit=None)


def _strip_credit_label(credit: str) -> str:
    return re.sub(r"^(?:photo(?:graph)?|image|picture|credit|foto)\s*:\s*", "", credit.strip(), flags=re.IGNORECASE).strip()


def _split_leading_credit(body: str) -> tuple[str | None, str]:
    """"Nicholas Kamm/AFP/Getty Images US President ..." -> ("Nicholas Kamm/AFP/Getty Images", "US President ...")."""
    if "/" in body[:120]:
        last_slash = body.rfind("/", 0, 120)
        tail = body[last_slash + 1 :]
        for agency in _PHOTO_AGENCIES:
            if tail.lower().startswith(agency.lower()) and (len(tail) == len(agency) or not tail[len(agency)].isalnum()):
                end = last_slash + 1 + len(agency)
                return body[:end].strip(), body[end:].strip(" :-–—")
        # Unknown final agency: take one word after the last slash.
        word = re.match(r"\S+", tail)
        end = last_slash + 1 + (word.end() if word else 0)
        return body[:end].strip(), body[end:].strip(" :-–—")
    known = _leading_known_name(body, allow_weak=False)
    if known:
        for agency in _PHOTO_AGENCIES + list(_PROVIDER_ALIASES):
            if body.lower().startswith(agency.lower()) and (len(body) == len(agency) or not body[len(agency)].isalnum()):
                return body[: len(agency)].strip(), body[len(agency) :].strip(" :-–—")
    # "© Jane Doe. A man walks ...": the credit ends at the first full stop or colon.
    match = re.match(r"([^.:]{1,60})[.:]\s+(.*)$", body)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return (body.strip() or None), ""


# --- date and time ----------------------------------------------------------------------

_TZ_OFFSETS = {
    "utc": 0, "gmt": 0, "z": 0, "ut": 0, "wet": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120,
    "eest": 180, "msk": 180, "ist": 330, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
    "pdt": -420, "et": -300, "pt": -480,
}
_ISO_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?\s*$",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"\b(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?![\d])", re.IGNORECASE)
_TIME_AMPM_RE = re.compile(r"\b(\d{1,2})\s*([ap])\.?m\.?(?![a-z])", re.IGNORECASE)
_OFFSET_RE = re.compile(r"(?:\b(?:utc|gmt)\s*)?([+-])(\d{1,2}):?(\d{2})?\b", re.IGNORECASE)
_TZ_NAME_RE = re.compile(r"\b(" + "|".join(sorted(_TZ_OFFSETS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def parse_datetime(value: str | None) -> datetime | None:
    """A UTC datetime from ISO 8601, RFC 2822, epoch seconds or free text ("19:40  08 october  2021").

    Naive times are taken as UTC; None when no year-month-day can be found.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _to_utc(value)
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", " ")
    if not text or len(text) > 200:
        return None
    try:
        return _parse(text)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


def _to_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _parse(text: str) -> datetime | None:
    match = _ISO_RE.match(text)
    if match:
        year, month, day, hour, minute, second, frac, tz = match.groups()
        micro = int((frac or "0")[:6].ljust(6, "0"))
        dt = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), micro)
        return _apply_tz(dt, tz)
    if re.fullmatch(r"\d{9,10}(?:\.\d+)?|\d{12,13}", text):
        seconds = float(text) / (1000 if len(text) >= 12 and "." not in text else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        try:
            return _to_utc(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    return _parse_free(text)


def _apply_tz(dt: datetime, tz: str | None) -> datetime:
    if not tz or tz.upper() == "Z":
        return dt.replace(tzinfo=timezone.utc)
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return (dt - sign * timedelta(hours=hours, minutes=minutes)).replace(tzinfo=timezone.utc)


_DMY_RE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b")
_MDY_RE = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_YMD_RE = re.compile(r"\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b")
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4})\b")


def _parse_free(text: str) -> datetime | None:
    """Pick year, month, day, time and zone out of free text in any order."""
    low = text.lower()
    year = month = day = None
    date_span = None
    m = _DMY_RE.search(low)
    if m:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
        date_span = m.span()
    if year is None:
        m = _MDY_RE.search(low)
        if m:
            month, day, year = _MONTHS[m.group(1)], int(m.group(2)), int(m.group(3))
            date_span = m.span()
    if year is None:
        m = _YMD_RE.search(low)
        if m:
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            date_span = m.span()
    if year is None:
        # Numeric dates: 08.10.2021 is day first (European dots), 10/08/2021 month
        # first (US slashes) unless that cannot be a month.
        m = _NUMERIC_DATE_RE.search(low)
        if m:
            a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
            month_first = m.group(2) == "/" and a <= 12 or b > 12
            month, day = (a, b) if month_first else (b, a)
            date_span = m.span()
    if year is None or month is None or day is None:
        return None
    rest = low[: date_span[0]] + " " + low[date_span[1] :]
    hour = minute = second = 0
    t = _TIME_RE.search(rest)
    if t:
        hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        ampm = t.group(4)
        time_end = t.end()
    else:
        t = _TIME_AMPM_RE.search(rest)
        ampm = t.group(2) if t else None
        hour = int(t.group(1)) if t else 0
        time_end = t.end() if t else 0
    if ampm:
        is_pm = ampm[0] == "p"
        if hour == 12:
            hour = 0
        if is_pm:
            hour += 12
    dt = datetime(year, month, day, hour, minute, second)
    after = rest[time_end:] if t else rest
    off = _OFFSET_RE.search(after) if t else None
    if off and (off.group(3) is not None or "utc" in after or "gmt" in after):
        sign = -1 if off.group(1) == "-" else 1
        delta = timedelta(hours=int(off.group(2)), minutes=int(off.group(3) or 0))
        return (dt - sign * delta).replace(tzinfo=timezone.utc)
    name = _TZ_NAME_RE.search(after)
    if name:
        return (dt - timedelta(minutes=_TZ_OFFSETS[name.group(1).lower()])).replace(tzinfo=timezone.utc)
    return dt.replace(tzinfo=timezone.utc)


def domain_of(url: str | None) -> str | None:
    """The site of a URL as every table names it: lower-case host without a leading `www.`."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None
