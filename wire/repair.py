"""Mojibake detection and repair, with an audit trail (pure core, Beam-free).

Input: a text field (or a whole `Article`); output: the repaired text plus a list
of `(broken, repaired, method)` entries, where method is `ftfy:<plan>` for what
ftfy fixes (UTF-8 decoded with a single-byte codec, double encoding, C1 controls)
or `swap:<encoded-as>/<decoded-as>` for what ftfy cannot see: text encoded with
one single-byte codec and decoded with another (Latin-1 read as MacRoman gives
"AndrÈs LÛpez"), which never round-trips through UTF-8.

How the swap repairer decides, token by token (precision before recall):
1. A token whose letters are all ASCII, or whose words are known (wordfreq lists
   of ~30 Latin and Cyrillic languages), is never touched.
2. Otherwise the token is graded for how broken it looks: strong (C1 control,
   symbol inside a word, uppercase accented letter inside a lowercase word, two
   scripts in one word), shape (no language's alphabet and letter pairs fit it),
   or merely unknown.
3. Every candidate re-decoding (each codec pair below) is graded for evidence:
   page (the word is spelled that way elsewhere on the page: outweighs all),
   lexicon (a known word), shape (letters fit some language), or none.
4. A candidate is accepted when its evidence outweighs the token's doubt; weak
   candidates need the same codec pair to be proven elsewhere in the field or
   article (one codec pair per field). What is left alone on doubt is counted.
5. Short words: one or two letters are too weak alone, except for a token that is
   plainly odd where it stands (a sign, a C1 control, a capital accented letter
   or a no-ASCII short word, alone between lowercase words) and has exactly one
   reading as a very common lowercase word in its own script ("legge \x8f
   purtroppo" -> "è"). With the field's pair proven, a lone sign or an odd
   capital is read by that pair.
6. A C1 control that cp1252 reads as punctuation is left on doubt when another
   codec reads it as a letter that makes a word ("Han\x94" may be cp850 "Hanö"),
   unless an uncontested C1 control in the same field proves cp1252 there.

Order with ftfy: ftfy's result is taken first only when its plan decodes UTF-8
(and even then a swap-first route competes: the cleaner text wins). Otherwise
the swaps run on the original first, because ftfy would read MacRoman or cp437
bytes that Latin-1 turned into C1 controls as cp1252 ("conf\x92an" would become
"conf’an", not "confían"); C1 controls are then weighed token by token, and the
cp1252 reading, when it wins, is recorded under ftfy's own plan name.

Fast path: text with no character that a single-byte mix-up produces (only ASCII,
everyday typography, or scripts no single-byte codec here decodes to) is
returned at once. The word lists load once per process (`get_lexicon`, ~15-30 MB RSS,
packed): built from wordfreq (~3 s CPU) once per machine, then read from an on-disk
cache (~30 ms, wire/cache.py) in $WIRE_INGEST_CACHE_DIR, else $XDG_CACHE_HOME/wire-ingest or ~/.cache/wire-ingest.
No exceptions are raised for any input text; `repair_text` is idempotent (it
repairs to a fixed point).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import os
import re
import sys
import threading
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ftfy
from ftfy.badness import is_bad as _ftfy_is_bad

from wire import cache

# --- codecs -------------------------------------------------------------------

# "W" is the Western web codec: cp1252 where it defines a byte, Latin-1 elsewhere.
# Encoding with it accepts both C1 controls (what a Latin-1 decode leaves) and
# cp1252's curly quotes, so one candidate covers both ways text was misread.
_CP1252_SPECIALS = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_W_ENCODE = {ord(ch): chr(b) for ch, b in _CP1252_SPECIALS.items()}
_W_DECODE = {b: ch for ch, b in _CP1252_SPECIALS.items()}  # chr(b) -> cp1252 char, for str.translate
_CP1252_ONLY = frozenset(_CP1252_SPECIALS)

_PY_CODEC = {
    "mac-roman": "mac_roman",
    "cp437": "cp437",
    "cp850": "cp850",
    "cp1250": "cp1250",
    "iso-8859-2": "iso8859_2",
    "cp1251": "cp1251",
    "koi8-r": "koi8_r",
    "cp1254": "cp1254",
    "utf-8": "utf-8",
}

# (encoded-as, decoded-as); earlier pairs win ties between equal candidates.
PAIRS: tuple[tuple[str, str], ...] = (
    ("W", "mac-roman"),
    ("mac-roman", "W"),
    ("cp1250", "W"),
    ("W", "cp1250"),
    ("iso-8859-2", "W"),
    ("W", "iso-8859-2"),
    ("W", "cp437"),
    ("cp437", "W"),
    ("W", "cp850"),
    ("cp850", "W"),
    ("cp1251", "W"),
    ("W", "cp1251"),
    ("cp1251", "koi8-r"),
    ("koi8-r", "cp1251"),
    ("koi8-r", "W"),
    ("cp1254", "W"),  # Turkish read as Western: "iþleri" for "işleri"
    ("cp1250", "iso-8859-2"),
    ("iso-8859-2", "cp1250"),
    # UTF-8 read as a single-byte codec, per token: short breaks that ftfy's
    # whole-text heuristic does not dare to fix ("pi√π", "┬┐que"). UTF-8 read
    # as Latin-1/cp1252 is left to ftfy alone: where it declines, so do we.
    ("utf-8", "mac-roman"),
    ("utf-8", "cp437"),
    ("utf-8", "cp850"),
    ("utf-8", "cp1250"),
    ("utf-8", "cp1251"),
    ("utf-8", "koi8-r"),
)
_CASE_SWAP_PAIRS = frozenset({("cp1251", "koi8-r"), ("koi8-r", "cp1251")})
_TO_CYRILLIC_PAIRS = frozenset({("cp1251", "W"), ("koi8-r", "W")})


def _is_latin1_word(core: str) -> bool:
    return any("\xc0" <= ch <= "\xff" for ch in core) and all(ch < "\u0100" for ch in core)
# The C1-control fix (Latin-1 bytes that were cp1252) competes with the swaps
# but, when it wins, is left to ftfy, which owns that repair.
_C1_PAIR = ("W", "latin-1")


def _repertoire(codec: str) -> frozenset[str]:
    """Characters a decode with `codec` can produce (what a re-encode can take back)."""
    if codec == "W":
        return frozenset(chr(b) for b in range(256)) | _CP1252_ONLY
    if codec == "utf-8":
        return frozenset()
    chars = set()
    for b in range(256):
        try:
            chars.add(bytes([b]).decode(_PY_CODEC[codec]))
        except UnicodeDecodeError:
            pass
    return frozenset(chars)


def _encode(text: str, codec: str) -> bytes:
    if codec == "W":
        return text.translate(_W_ENCODE).encode("latin-1")
    if codec == "latin-1":
        return text.encode("latin-1")
    return text.encode(_PY_CODEC[codec])


def _decode(data: bytes, codec: str) -> str:
    if codec == "W":
        return data.decode("latin-1").translate(_W_DECODE)
    return data.decode(_PY_CODEC[codec])


def _method(pair: tuple[str, str], broken: str, repaired: str) -> str:
    """Name a swap with real codec names: W becomes latin-1 or cp1252 by what it needed."""
    if pair == _C1_PAIR:
        return "ftfy:encode:latin-1,decode:windows-1252"  # ftfy's own name for this repair
    enc, dec = pair
    if enc == "W":
        enc = "cp1252" if any(ch in _CP1252_ONLY for ch in repaired) else "latin-1"
    if dec == "W":
        # Undefined cp1252 bytes come through as C1 controls, so any cp1252-only
        # character says cp1252; only C1 controls and Latin-1 letters say Latin-1.
        dec = "cp1252" if any(ch in _CP1252_ONLY for ch in broken) else "latin-1"
    return f"swap:{enc}/{dec}"


def method_family(method: str) -> str:
    """Counter name part for a method: swaps keep their pair, ftfy plans keep their plan."""
    return method


# --- lexicon --------------------------------------------------------------------

LEXICON_LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "is", "ca",
    "pl", "cs", "sk", "hu", "ro", "sl", "sh", "lt", "lv", "tr", "ru", "uk", "bg",
    "mk", "vi", "id", "ms", "fil",
)  # fmt: skip
_MIN_WORDS_FOR_CHAR = 3  # a letter or letter pair seen in fewer words of a language is noise there
_COMMON_CHAR_SHARE = 0.003  # a common letter: in 0.3%+ of a language's accented words
_COMMON_PAIR_WORDS = 30  # a common letter pair: in 30+ words


class WordTable:
    """Read-only word -> zipf x 100 table, stored compactly.

    A dict of ~950k str keys costs ~117 MB per worker process; here the words
    are UTF-8 bytes packed into one sorted fixed-width blob per byte length,
    with a parallel array of zipf codes, searched by bisection within the run
    of words sharing the first byte (~12 MB).
    Supports what the repairer uses of a dict: `in`, `get`, `[]`, `len`.
    """

    __slots__ = ("_cache", "_groups", "_size")

    def __init__(self, groups: dict[int, tuple[bytes, array, array]]):
        self._groups = groups  # byte length -> (blob of sorted words, zipf codes, first-byte starts)
        self._size = sum(len(codes) for _blob, codes, _starts in groups.values())
        # Lookups repeat heavily within a page; a bounded cache keeps them dict-fast.
        self._cache = functools.lru_cache(maxsize=1 << 14)(self._search)

    def _search(self, word: str) -> int:
        try:
            key = word.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: never a lexicon word
            return 0
        width = len(key)
        group = self._groups.get(width)
        if group is None:
            return 0
        blob, codes, starts = group
        first = key[0]
        lo, hi = starts[first], starts[first + 1]
        end = hi
        while lo < hi:
            mid = (lo + hi) >> 1
            at = mid * width
            if blob[at : at + width] < key:
                lo = mid + 1
            else:
                hi = mid
        at = lo * width
        if lo < end and blob[at : at + width] == key:
            return codes[lo]
        return 0

    def get(self, word: str, default: int | None = None) -> int | None:
        zipf = self._cache(word) if isinstance(word, str) else 0
        return zipf if zipf else default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._cache(word) > 0

    def __getitem__(self, word: str) -> int:
        zipf = self.get(word)
        if zipf is None:
            raise KeyError(word)
        return zipf

    def __len__(self) -> int:
        return self._size


@dataclass
class Lexicon:
    """Word frequencies (zipf x 100, max over languages) and per-language letter shapes."""

    words: WordTable
    alphabets: tuple[frozenset[str], ...]  # non-ASCII letters each language uses
    bigrams: tuple[frozenset[str], ...]  # letter pairs with a non-ASCII letter, "^"/"$" = word edge
    common_alphabets: tuple[frozenset[str], ...] = ()  # letters in 0.3%+ of a language's accented words
    common_bigrams: tuple[frozenset[str], ...] = ()  # pairs in 30+ words

    def zipf(self, word: str) -> float:
        return self.words.get(word, 0) / 100.0


_LEXICON: Lexicon | None = None
_LEXICON_LOCK = threading.Lock()


def get_lexicon() -> Lexicon:
    """Load once per process (thread-safe): ~3 s CPU to build, ~30 ms from the on-disk cache."""
    global _LEXICON
    if _LEXICON is None:
        with _LEXICON_LOCK:
            if _LEXICON is None:
                _LEXICON = _cached_lexicon()
    return _LEXICON


def _pack_language(buckets: list[list[str]]) -> dict[int, tuple[bytes, array]]:
    # One language at a time, so the full word set never exists as str objects.
    by_width: dict[int, dict[bytes, int]] = {}
    for i, bucket in enumerate(buckets):
        zipf = 900 - i  # bucket i holds words of frequency 10**(-i/100)
        for w in bucket:
            key = w.encode("utf-8")
            group = by_width.setdefault(len(key), {})
            if group.get(key, 0) < zipf:
                group[key] = zipf
    packed = {}
    for width, group in by_width.items():
        keys = sorted(group)
        packed[width] = (b"".join(keys), array("H", [group[k] for k in keys]))
    return packed


def _merge_languages(packs: list[dict[int, tuple[bytes, array]]]) -> WordTable:
    groups: dict[int, tuple[bytes, array, array]] = {}
    for width in sorted({w for pack in packs for w in pack}):
        best: dict[bytes, int] = {}  # max zipf over languages, one byte length at a time
        for pack in packs:
            if width not in pack:
                continue
            blob, codes = pack[width]
            for j, zipf in enumerate(codes):
                key = blob[j * width : j * width + width]
                if best.get(key, 0) < zipf:
                    best[key] = zipf
        keys = sorted(best)
        starts = array("I", [0] * 257)  # starts[b]: first word whose first byte is >= b
        for k in keys:
            starts[k[0] + 1] += 1
        for b in range(256):
            starts[b + 1] += starts[b]
        groups[width] = (b"".join(keys), array("H", (best[k] for k in keys)), starts)
    return WordTable(groups)


# The build reads 31 msgpack files and costs ~3 s CPU in every worker process.
# Its result (byte tables and letter sets) is saved once per machine by
# wire/cache.py, keyed by everything the build depends on, and read back with a
# few large reads; a missing, stale, corrupt or unwritable cache only means building.
_LEXICON_FORMAT = 2  # bump when _build_lexicon's output or the cached layout can change for the same word lists


def _lexicon_key() -> dict:
    """What the built lexicon depends on. Locates wordfreq's data without
    importing wordfreq (~100 ms of imports the cached path does not need)."""
    # Imported here: ~20 ms, only when the lexicon loads (Beam workers have it loaded already).
    from importlib import metadata

    spec = importlib.util.find_spec("wordfreq")
    data = Path(next(iter(spec.submodule_search_locations)), "data")  # wordfreq.DATA_PATH
    files = []
    for lang in LEXICON_LANGUAGES:
        st = os.stat(data / f"small_{lang}.msgpack.gz")
        files.append([lang, st.st_size, st.st_mtime_ns])
    return {
        "format": _LEXICON_FORMAT,
        # Any edit of this module invalidates the file (one rebuild), so a build change that
        # forgets to bump _LEXICON_FORMAT cannot serve a stale lexicon.
        "module_sha256": cache.module_sha256(__file__),
        "wordfreq": metadata.version("wordfreq"),
        "data": str(data),
        "files": files,
        "min_words_for_char": _MIN_WORDS_FOR_CHAR,
        "common_char_share": _COMMON_CHAR_SHARE,
        "common_pair_words": _COMMON_PAIR_WORDS,
        "unicode": unicodedata.unidata_version,  # str.isalpha() in the build
        "arrays": [sys.byteorder, array("H").itemsize, array("I").itemsize],  # tables are raw machine arrays
    }


def _cached_lexicon() -> Lexicon:
    """The lexicon from the on-disk cache when it holds this build's, else built (and saved)."""
    return cache.cached("lexicon", _lexicon_key, _build_lexicon, _dump_lexicon, _load_lexicon)


_SET_FIELDS = ("alphabets", "bigrams", "common_alphabets", "common_bigrams")


def _dump_lexicon(lexicon: Lexicon) -> tuple[dict, list]:
    """The cached form: table sizes and letter sets (JSON), then per word length
    its blob, zipf codes and first-byte starts as raw arrays."""
    groups = lexicon.words._groups
    meta = {
        "groups": [[width, len(codes)] for width, (_blob, codes, _starts) in groups.items()],
        # Sorted lists: a set's order in memory is per process anyway (str hashing).
        "sets": {name: [sorted(s) for s in getattr(lexicon, name)] for name in _SET_FIELDS},
    }
    return meta, [part for group in groups.values() for part in group]  # bytes and arrays, written as they are


def _load_lexicon(meta: dict, parts: list[bytes]) -> Lexicon:
    """The inverse of _dump_lexicon; raises on parts that do not fit the meta."""
    if len(parts) != 3 * len(meta["groups"]):
        raise ValueError("lexicon cache: wrong number of tables")
    groups: dict[int, tuple[bytes, array, array]] = {}
    # Taken out of the list as they are used: each raw copy is freed before the
    # next part is converted, so the heap does not grow by their sum (~2 MB of RSS).
    parts.reverse()
    for width, n in meta["groups"]:
        blob = parts.pop()
        codes = array("H")
        codes.frombytes(parts.pop())
        starts = array("I")
        starts.frombytes(parts.pop())
        if len(blob) != width * n or len(codes) != n or len(starts) != 257:
            raise ValueError("lexicon cache: a table of the wrong size")
        groups[width] = (blob, codes, starts)
    sets = meta["sets"]
    return Lexicon(words=WordTable(groups), **{name: tuple(frozenset(s) for s in sets[name]) for name in _SET_FIELDS})


def _build_lexicon() -> Lexicon:
    from wordfreq import DATA_PATH, read_cBpack

    packs = []
    alphabets = []
    bigram_sets = []
    common_alphabets = []
    common_bigrams = []
    for lang in LEXICON_LANGUAGES:
        buckets = read_cBpack(str(DATA_PATH / f"small_{lang}.msgpack.gz"))
        packs.append(_pack_language(buckets))
        char_count: dict[str, int] = {}
        pair_count: dict[str, int] = {}
        accented = 0
        for bucket in buckets:
            for w in bucket:
                if w.isascii():
                    continue
                accented += 1
                for ch in set(w):
                    if ch > "\x7f":
                        char_count[ch] = char_count.get(ch, 0) + 1
                padded = f"^{w}$"
                for j in range(len(padded) - 1):
                    pair = padded[j : j + 2]
                    if pair[0] > "\x7f" or pair[1] > "\x7f":
                        pair_count[pair] = pair_count.get(pair, 0) + 1
        del buckets
        alphabets.append(frozenset(ch for ch, n in char_count.items() if n >= _MIN_WORDS_FOR_CHAR and ch.isalpha()))
        bigram_sets.append(frozenset(p for p, n in pair_count.items() if n >= _MIN_WORDS_FOR_CHAR))
        common_alphabets.append(frozenset(ch for ch, n in char_count.items() if n >= _COMMON_CHAR_SHARE * accented and ch.isalpha()))
        common_bigrams.append(frozenset(p for p, n in pair_count.items() if n >= _COMMON_PAIR_WORDS))
    lexicon = Lexicon(
        words=_merge_languages(packs),
        alphabets=tuple(alphabets),
        bigrams=tuple(bigram_sets),
        common_alphabets=tuple(common_alphabets),
        common_bigrams=tuple(common_bigrams),
    )
    del packs
    cache.release_freed_memory()
    return lexicon


# --- token analysis ---------------------------------------------------------------

# Whitespace that separates tokens. NBSP and NEL stay inside tokens on purpose:
# they are what cp437 "á" and "à" become when read as Latin-1.
_SEPARATORS = r" \t\n\r\f\v\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Tokens (runs of non-separators) that hold a non-ASCII character, the only ones
# the repairer looks at: ~90% of tokens are ASCII, and finding every token to
# skip those in Python cost ~0.1 µs each. Anchored at a token start and
# possessive, so an ASCII token is scanned once, in C, with no backtracking.
_NON_ASCII_TOKEN_RE = re.compile(rf"(?<![^{_SEPARATORS}])[^{_SEPARATORS}\x80-\U0010ffff]*+[^{_SEPARATORS}\x00-\x7f][^{_SEPARATORS}]*")
_EDGE_PUNCT = "\"'()[]{}<>,.;:!?*/\\|`~_#%&+=@^-“”‘’«»„‹›–—…•¡¿"
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": ".", "\u00a0": " "})
_WORD_RE = re.compile(r"[^\W\d_]+")
# Letters only: Latin-1's superscripts and fractions are \w but not letters, so
# "km²" is the known word "km" plus a sign. Only a candidate's evidence uses it:
# as mojibake, "¹" and "³" are ISO-8859-2 letters ("by³" is "był").
_LETTERS_RE = re.compile(r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be]+")
_INNER_OK = frozenset("'’‘´`-‐‑–—./&+\u00ad\u200b\u200c\u200d\u2060\ufeff")  # with invisible joiners
# Signs that clean text glues to one side of a word ("Apple™", "¿Qué", "“Hello").
_ATTACH_OK = frozenset("™®©°′″§¶†€£$¢¥%¿¡“”‘’«»„‚‹›…´`")

# Levels of doubt about a token (orig) and of evidence for a candidate.
STRONG, SHAPE, UNKNOWN, CLEAN = 3, 2, 1, 0
PAGE, KNOWN, SHAPED, NONE = 3, 2, 1, 0


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x250 or 0x1E00 <= o < 0x1F00 or 0xFB00 <= o <= 0xFB06:  # with ligatures (PDF text)
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    return "other"


# The characters _strong_break's first test acts on: C0 and C1 controls, DEL, and
# non-ASCII characters that are not alphanumeric (\w is str.isalnum() or "_").
# Found by one regex scan instead of a Python loop over every character.
_BREAK_CHAR_RE = re.compile(r"[^\x20-\x7e\w]")


class _WordCharKinds(dict):
    """str.translate table: a word character ([^\\W\\d_], what _WORD_RE matches) to
    its script's code ("l" latin, "g" greek, "c" cyrillic, "o" other), upper-cased
    when the character is; any other character is dropped. Filled as characters
    are met (a few thousand distinct ones per corpus), up to _MAX entries (~6 MB)
    so that text of every code point cannot grow it without bound; past that,
    characters are classified on each meeting. Threads may race to fill an entry:
    they write the same value."""

    _CODES = {"latin": "l", "greek": "g", "cyrillic": "c", "other": "o"}
    _MAX = 1 << 16

    def __missing__(self, o: int) -> str | None:
        ch = chr(o)
        if _WORD_RE.fullmatch(ch) is None:
            code = None
        else:
            code = self._CODES[_script(ch)]
            if ch.isupper():
                code = code.upper()
        if len(self) < self._MAX:
            self[o] = code
        return code


_WORD_CHAR_KINDS = _WordCharKinds()


@functools.lru_cache(maxsize=1 << 16)
def _strong_break(core: str) -> bool:
    """Signs no clean word carries: C1 controls, symbols glued to letters, case or script switches in a word.

    Any one sign decides, so the tests run cheapest first: a regex finds the
    characters the sign test acts on, and one str.translate (_WORD_CHAR_KINDS)
    tells whether the word characters span more than one script or hold a
    capital at all; only then are words looked at letter by letter. Most tokens
    (one script, no capital after the first letter) never reach a Python loop
    over their characters: ~2.5x faster than calling _script on each (distinct
    tokens of the golden corpus, measured).
    """
    for m in _BREAK_CHAR_RE.finditer(core):
        i = m.start()
        ch = core[i]
        if ch < " " or "\x7f" <= ch <= "\x9f":
            return True
        prev = core[i - 1] if i else ""
        if ch == "\u00a0":
            pass  # NBSP between words is everyday web text; see _doubt_level
        elif ch == "·":
            if not (prev in "lL" and core[i + 1 : i + 2] in ("l", "L")):  # Catalan l·l
                if prev.isalpha() or core[i + 1 : i + 2].isalpha():
                    return True
        elif ch not in _INNER_OK:
            cat = unicodedata.category(ch)
            if cat[0] in "SPC" or cat == "Lm":
                before, after = prev.isalpha(), core[i + 1 : i + 2].isalpha()
                if (before and after) or ((before or after) and ch not in _ATTACH_OK):
                    return True
    kinds = set(core.translate(_WORD_CHAR_KINDS))
    if len(kinds) <= 1 and not kinds.intersection("LGCO"):
        return False  # one script, no capital: none of the tests below can fire
    # With one script among the word characters (letters are word characters),
    # neither the token nor any word of it mixes scripts.
    mixed = len({k.lower() for k in kinds}) > 1
    if mixed:
        token_scripts = {_script(ch) for ch in core if ch.isalpha() and ch > "\x7f"}
        if core.isascii() is False and any(ch.isascii() and ch.isalpha() for ch in core):
            token_scripts.add("latin")
        if len(token_scripts - {"other"}) > 1:
            return True  # "qu’а": Latin and Cyrillic in one token, even across an apostrophe
    for word in _WORD_RE.findall(core):
        if word.isascii():
            continue
        if mixed and len({_script(ch) for ch in word}) > 1:
            return True
        if word[1:].islower():
            continue  # a capital can only lead the word: every test below needs one after it
        for j, (a, b) in enumerate(zip(word, word[1:])):
            if a.islower() and b.isupper() and (b > "\x7f" or a > "\x7f"):
                return True
            # "LÖfgren": an accented capital inside a word, followed by lowercase.
            if a.isupper() and b.isupper() and b > "\x7f" and word[j + 2 : j + 3].islower():
                return True
            # "KOš", "GAUDETEï": an accented lowercase letter after capitals.
            if j >= 1 and word[j - 1].isupper() and a.isupper() and b.islower() and b > "\x7f":
                return True
    return False


_SHARP_S_RE = re.compile(r"(?:[^ß]|(?<=[aeiouyäöü])ß)*")


def _fits_common_shape(core: str) -> bool:
    """Every accented word of the token reads like common text of some language."""
    accented = [w for w in _words(core) if not w.isascii()]
    return bool(accented) and all(_word_fits_common_shape(w, get_lexicon()) for w in accented)


def _accented_letters_and_pairs(word: str) -> tuple[set[str], set[str]]:
    """The folded word's non-ASCII letters, and its letter pairs (word edges as ^ and $) touching one."""
    low = _fold(word)
    padded = f"^{low}$"
    pairs = {padded[j : j + 2] for j in range(len(padded) - 1)}
    return {ch for ch in low if ch > "\x7f"}, {p for p in pairs if p[0] > "\x7f" or p[1] > "\x7f"}


def _word_fits_common_shape(word: str, lex: Lexicon) -> bool:
    """Like _word_fits_shape, with only a language's common letters and letter pairs."""
    letters, pairs = _accented_letters_and_pairs(word)
    for alphabet, bigrams in zip(lex.common_alphabets, lex.common_bigrams):
        if letters <= alphabet and pairs <= bigrams:
            return True
    return False


def _word_fits_shape(word: str, lex: Lexicon) -> bool:
    """Some language uses all the word's accented letters and its letter pairs around them."""
    if "ß" in word.lower() and not _SHARP_S_RE.fullmatch(word.lower()):
        return False  # casefolding hides ß from the word lists; it only follows a vowel
    letters, pairs = _accented_letters_and_pairs(word)
    if not letters:
        return True
    for alphabet, bigrams in zip(lex.alphabets, lex.bigrams):
        if letters <= alphabet and pairs <= bigrams:
            return True
    return False


_QUOTES = "“”‘’«»„–—…"


def _letters_kept(core: str, cand: str) -> bool:
    """A letter may turn into punctuation only where punctuation belongs."""
    last = len(cand) - 1
    edge_punct = False
    for i, (a, b) in enumerate(zip(core, cand)):
        if a == b or not a.isalpha() or b.isalpha():
            continue
        inner = 0 < i < last and cand[i - 1].isalpha() and cand[i + 1].isalpha()
        if b in "’‘" and inner:
            continue
        if b in _QUOTES and not inner:
            edge_punct = True
            continue
        return False
    if edge_punct:
        return sum(ch.isalpha() for ch in cand.strip(_EDGE_PUNCT)) >= 2
    return True


def _new_letters_in_words(core: str, cand: str) -> bool:
    """A sign that became a letter must join a word ("£71" is money, not "ú71")."""
    if _WORD_RE.fullmatch(cand):
        return True  # the lone-sign case: "‡" -> "à"
    last = len(cand) - 1
    for i, (a, b) in enumerate(zip(core, cand)):
        if a != b and not a.isalpha() and b.isalpha():
            left = i > 0 and cand[i - 1].isalpha()
            right = i < last and cand[i + 1].isalpha()
            if not (left or right) or (i > 0 and cand[i - 1].isdigit()) or (i < last and cand[i + 1].isdigit()):
                return False
    return True


def _letters_to_punct(core: str, cand: str) -> int:
    """Letters that became punctuation other than an apostrophe inside a word."""
    if len(core) != len(cand):
        return max(0, sum(ch.isalpha() for ch in core) - sum(ch.isalpha() for ch in cand))
    last = len(cand) - 1
    lost = 0
    for i, (a, b) in enumerate(zip(core, cand)):
        if a != b and a.isalpha() and not b.isalpha():
            if b in "’‘" and 0 < i < last and cand[i - 1].isalpha() and cand[i + 1].isalpha():
                continue
            lost += 1
    return lost


def _compound_part(word: str, core: str, lex: Lexicon) -> float:
    """Zipf of a known prefix or suffix (4+ letters) of `word` that holds all its
    non-ASCII letters, 0.0 if none."""
    low = _fold(word)
    if len(low) < 9 or len(low) != len(word):
        return 0.0
    accents = [i for i, ch in enumerate(low) if ch > "\x7f"]
    if not accents:
        return 0.0
    best = 0.0
    # The known part holds the re-read letters and has 6+ letters: five-letter
    # names and rare words ("åberg") are too easy to hit by chance.
    for i in range(5, len(low) - 4):
        if accents[-1] < i and i >= 6 and low[:i] in lex.words:
            best = max(best, lex.zipf(low[:i]))
        if accents[0] >= i and len(low) - i >= 6 and low[i:] in lex.words:
            best = max(best, lex.zipf(low[i:]))
    return best


def _punct_only_change_ok(core: str, cand: str) -> bool:
    """A multi-byte repair that only turned symbols into punctuation keeps every letter."""
    return [ch for ch in cand if ch.isalpha()] == [ch for ch in core if ch.isalpha() and ch.isascii()]


def _words(core: str) -> list[str]:
    return _WORD_RE.findall(core)


def _fold(word: str) -> str:
    # wordfreq stores casefolded words (ß -> ss), so every lookup folds the same way.
    return word.casefold()


def _is_known(word: str, lex: Lexicon) -> bool:
    return _fold(word) in lex.words


# Czech and French typesetting glue one-letter words with an NBSP ("k\xa0nám"),
# so only an NBSP with two letters on each side reads as a broken letter.
_NBSP_INNER = re.compile(r"(?<=[^\W\d_]{2})\xa0(?=[^\W\d_]{2})")


_APOSTROPHE_ASCII = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})


def _needs_look(core: str) -> bool:
    # Curly apostrophes inside words are clean English; other typographic marks
    # inside a word ("F”r") are not. An NBSP between two letters is cp437 "á"
    # read as Latin-1; elsewhere it is a space.
    return not core.translate(_APOSTROPHE_ASCII).isascii() or bool(_NBSP_INNER.search(core))


# Cyrillic and Greek letters that look Latin: a word mixing them in is a
# homoglyph (typed or spoofed), not mojibake, when it reads as a known word.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕІЈЅΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
    "ABEKMHOPCTXaeopcyxijsIJSABEZHIKMNOPTYXo",
)


def _doubt_level(core: str, lex: Lexicon) -> int:
    if core.isalpha() and (core[1:].islower() or core.isupper()) and _fold(core) in lex.words:
        return CLEAN  # the common case: a known word, letters only, usual case
    return _doubt_level_cached(core)


@functools.lru_cache(maxsize=1 << 16)
def _doubt_level_cached(core: str) -> int:
    return _doubt_level_uncached(core, get_lexicon())


def _doubt_level_uncached(core: str, lex: Lexicon) -> int:
    if not _strong_break(core) and _NBSP_INNER.search(core):
        # cp437 "á" read as Latin-1 is an NBSP; so is an editor's &nbsp; between
        # two words. Only a known word on re-reading tells them apart.
        return SHAPE
    if _strong_break(core):
        plain = core.translate(_HOMOGLYPHS)
        if plain != core and all(_script(ch) == "latin" for ch in plain if ch.isalpha()):
            if all(_is_known(w, lex) for w in _words(plain)):
                return CLEAN
        return STRONG
    words = [w for w in _words(core) if not w.isascii()]
    if not words:
        # Non-ASCII but no accented word: symbols between digits, lone signs ("‡").
        return UNKNOWN if any(ch > "\x7f" and not ch.isalnum() for ch in core.translate(_TYPOGRAPHIC)) else CLEAN
    if all(_is_known(w, lex) for w in words):
        return CLEAN
    if _apostrophe_known(core, lex):
        return CLEAN
    if not all(_word_fits_shape(w, lex) for w in words):
        return SHAPE
    return UNKNOWN


_POSSESSIVE_RE = re.compile(r"[^\W\d_]{2,}['’]s")
_ELISIONS = frozenset("l d j m n s t c qu lorsqu puisqu quoiqu jusqu dell all dall nell sull un" .split())
_CONTRACTIONS = frozenset("s t re ve ll d m".split())
_APOSTROPHES = "'’‘"


def _apostrophe_known(core: str, lex: Lexicon) -> bool:
    """A word with an apostrophe that reads right: "don’t", "l’homme", "dell’anno"."""
    joined = _fold(core.translate(_TYPOGRAPHIC)).strip(_EDGE_PUNCT)
    if joined in lex.words:
        return True
    parts = re.split(r"['’‘]", joined)
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return False
    head, tail = parts
    if tail == "s" and len(head) >= 2 and head.isalpha():
        return True  # a possessive: "Steenburgen’s"
    if head in _ELISIONS and tail[0] in "aeiouhàâäéèêëîïôöùûüœæy" and len(tail) >= 2:
        if tail in lex.words or (len(tail) >= 4 and _word_fits_shape(tail, lex)):
            return True
    return tail in _CONTRACTIONS and len(head) >= 2 and head in lex.words


def _evidence(cand: str, core: str, lex: Lexicon, page: frozenset[str] | set[str]) -> tuple[int, float]:
    """Grade a candidate re-decoding: (level, summed zipf of its changed words)."""
    if _strong_break(cand.strip(_EDGE_PUNCT)):
        return NONE, 0.0
    for ch in cand:
        if ch > "\x7f" and not ch.isalnum() and ch not in _INNER_OK and ch not in "“”„«»‹›…•€£°§©®™±×÷¿¡ªº·" and not ch.isspace():
            return NONE, 0.0
    if len(cand) == len(core) and not _letters_kept(core, cand):
        return NONE, 0.0
    if len(cand) == len(core) and any(a.islower() and b.isupper() for a, b in zip(core[1:], cand[1:])):
        return NONE, 0.0  # a re-reading never capitalises inside a word ("знают" -> "ЪОБАФ")
    if len(cand) == len(core) and not _new_letters_in_words(core, cand):
        return NONE, 0.0
    if not any(ch.isalpha() for ch in core) and not _WORD_RE.fullmatch(cand):
        if all(ch in _CP1252_ONLY or ch.isascii() for ch in cand) and not any(ch.isalpha() for ch in cand):
            return KNOWN, 0.5  # a sign read as a sign ("\x80" -> "€"): the C1 reading's ground
        # A lone sign may be a broken word ("‡" for "à"), never a broken "€5".
        return NONE, 0.0
    if len(cand) == len(core) and any(a.isalpha() and b in "’‘" for a, b in zip(core, cand)):
        # A letter that became an apostrophe must give a word that reads right with it.
        stripped = cand.strip(_EDGE_PUNCT)
        if not _apostrophe_known(stripped, lex) and not _POSSESSIVE_RE.fullmatch(stripped):
            return NONE, 0.0
    orig_words = set(_LETTERS_RE.findall(core))
    changed = [w for w in _LETTERS_RE.findall(cand) if w not in orig_words]
    if not changed:
        # Only punctuation changed: a symbol became punctuation ("┬┐" -> "¿"), or a
        # letter became an apostrophe between letters (MacRoman "donÕt" -> "don’t").
        if len(cand) != len(core) and not cand.isascii():
            return (KNOWN, 0.5) if _punct_only_change_ok(core, cand) and all(_is_known(w, lex) for w in _words(cand)) else (NONE, 0.0)
        apostrophe = False
        for i, (a, b) in enumerate(zip(core, cand)):
            if a == b:
                continue
            if a.isalpha():
                if b not in "’‘" or not (0 < i < len(cand) - 1 and cand[i - 1].isalpha() and cand[i + 1].isalpha()):
                    return NONE, 0.0
                apostrophe = True
        if apostrophe:
            return (KNOWN, 0.5) if _apostrophe_known(cand, lex) else (NONE, 0.0)
        words = _LETTERS_RE.findall(cand)
        if words and (all(_is_known(w, lex) for w in words) or _apostrophe_known(cand.strip(_EDGE_PUNCT), lex)):
            return KNOWN, 0.5
        return NONE, 0.0
    if page and all(_fold(w) in page for w in changed):
        return PAGE, sum(lex.zipf(_fold(w)) for w in changed)
    if all(_is_known(w, lex) for w in changed) or _apostrophe_known(cand, lex):
        return KNOWN, sum(lex.zipf(_fold(w)) for w in changed)
    if all(_is_known(w, lex) or _compound_part(w, core, lex) for w in changed):
        # Compounds the lists lack ("Behandlungszeiträume"): the re-read letters
        # sit in a known word of 4+ letters that starts or ends the compound.
        return KNOWN, sum(lex.zipf(_fold(w)) if _is_known(w, lex) else _compound_part(w, core, lex) - 1.0 for w in changed)
    if all(_word_fits_shape(w, lex) for w in changed):
        return SHAPED, 0.0
    return NONE, 0.0


@dataclass(frozen=True)
class _Candidate:
    pair: tuple[str, str]
    text: str
    level: int
    score: float
    letters_lost: int = 0  # letters of the token that became punctuation
    letters_gained: int = 0  # signs of the token that became letters, or letters that changed


@dataclass(frozen=True)
class _Token:
    start: int  # of the core in the text
    end: int
    core: str
    doubt: int
    candidates: tuple[_Candidate, ...]
    familiar: bool = False  # its accented letters all occur in known words of the same text
    lone_word: bool = False  # a 1-3 character token between lowercase words, odd in itself


_DECODED_AS = {dec for _, dec in PAIRS} | {"W"}
_REPERTOIRE = {codec: _repertoire(codec) for codec in _DECODED_AS}
_ANY_REPERTOIRE = frozenset().union(*_REPERTOIRE.values())


_INNER_APOSTROPHE_RE = re.compile(r"[^\W\d_][’‘][^\W\d_]")


def _c1_reading_ok(core: str, cand: str, lex: Lexicon) -> bool:
    """cp1252 punctuation from a C1 control stands where punctuation stands:
    at the token's edge or alone, or as an apostrophe that reads right."""
    s, e = _strip_edges(cand)
    for i, (a, b) in enumerate(zip(core, cand)):
        if a == b or b.isalpha():
            continue
        if s <= i < e and (i > 0 and cand[i - 1].isalpha()) and (i + 1 < len(cand) and cand[i + 1].isalpha()):
            if b not in "’‘" or not _apostrophe_known(cand[s:e], lex):
                return False
    return True


def _candidates(core: str, lex: Lexicon, page, pairs=None, page_only: bool = False) -> tuple[_Candidate, ...]:
    seen: dict[str, _Candidate] = {}
    chars = set(core)
    for pair in (_C1_PAIR, *PAIRS):
        if pairs is not None and pair not in pairs:
            continue
        enc, dec = pair
        if not chars <= _REPERTOIRE[dec if dec != "latin-1" else "W"]:
            continue
        try:
            cand = _decode(_encode(core, dec), enc)
        except (UnicodeError, LookupError):
            continue
        if cand == core or cand in seen:
            continue
        if page_only and not all(_fold(w) in page for w in _words(cand) if not w.isascii()):
            continue
        if any(unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") and ch not in "\t\n\r" for ch in cand):
            continue
        level, score = _evidence(cand, core, lex, page)
        if level > NONE:
            lost = _letters_to_punct(core, cand)
            gained = sum(1 for a, b in zip(core, cand) if a != b and b.isalpha()) if len(cand) == len(core) else sum(ch.isalpha() for ch in cand)
            if pair == _C1_PAIR and not _c1_reading_ok(core, cand, lex):
                continue
            if pair == _C1_PAIR and (
                _INNER_APOSTROPHE_RE.search(cand)
                or not any(ch.isalpha() for ch in core)
                or (cand[-1:] in "’‘" and _fold(cand[:-1]) in _ELISIONS)  # "l\x92 autre"
            ):
                # cp1252's apostrophe inside a word ("d\x92autres") and its signs
                # standing alone ("\x80" for "€") are the commonest readings of a C1
                # control; another pair needs votes from the field to beat them.
                score += 10.0
            seen[cand] = _Candidate(pair, cand, level, score, max(0, lost), gained)
    return tuple(seen.values())


def _strip_edges(token: str) -> tuple[int, int]:
    start, end = 0, len(token)
    while start < end and token[start] in _EDGE_PUNCT:
        start += 1
    while end > start and token[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


_ASCII_PUNCT = "\"'()[]{}<>,.;:!?*/\\|`~_#%&+=@^-"


def analyse(
    text: str,
    page: frozenset[str] | set[str] = frozenset(),
    proven: frozenset | set = frozenset(),
    with_candidates: bool = True,
) -> list[_Token]:
    """Tokens of `text` that may be broken, each with its graded candidates.

    With `proven` codec pairs (already shown broken in this scope), tokens whose
    only oddity is typographic punctuation glued to letters ("cos“" for "così"
    in MacRoman read as cp1252) are looked at too, for those pairs only.
    """
    if text.isascii():
        return []
    return list(_analyse(text, frozenset(page), frozenset(proven), with_candidates))


# Repairing one article analyses the same text with the same arguments several
# times (the article's votes, then the swap pass; the badness of a route that
# changed nothing): with _is_bad's cache below, ~28% of the repair stage's CPU on
# the golden corpus (measured with both caches cleared per article). The
# analysis is a pure function of its arguments (the lexicon is fixed per
# process), so a small cache returns exactly what recomputing would.
@functools.lru_cache(maxsize=64)
def _analyse(text: str, page: frozenset[str], proven: frozenset, with_candidates: bool) -> tuple[_Token, ...]:
    lex = get_lexicon()
    tokens = []
    dominant = None
    cyrillic_odd = bool(proven & _CASE_SWAP_PAIRS) and _cyrillic_case_odd(text)
    clean_letters: set[str] = set()
    for m in _NON_ASCII_TOKEN_RE.finditer(text):
        tok = m.group()
        s, e, core, foreign, look, doubt, odd_scripts, accented = _token_facts(tok)
        if foreign:
            # A character no single-byte decode produces: nothing to re-decode.
            # Still counted when only judging how broken a text looks ("jakoϾ"
            # is what a wrong UTF-8 reading made of Polish).
            if not with_candidates and _strong_break(core):
                tokens.append(_Token(m.start(), m.end(), core, STRONG, ()))
            continue
        if core and not look and with_candidates:
            rs, re_ = _strip_ascii_edges(tok)
            raw = tok[rs:re_]
            if _INNER_APOSTROPHE_RE.search(core) and not _apostrophe_known(core, lex):
                # "frigor’fico": MacRoman "í" read as cp1252 is an apostrophe.
                cands = tuple(c for c in _candidates(core, lex, page) if c.level >= KNOWN and c.letters_gained)
                if cands:
                    tokens.append(_Token(m.start() + s, m.start() + e, core, UNKNOWN, cands))
                    continue
            elif raw != core and _glued_punct(raw) and core.isalpha() and _fold(core) not in lex.words:
                # "‹bertragen", "Fiscalit…": the stripped sign may be a letter.
                cands = tuple(c for c in _candidates(raw, lex, page) if c.level >= KNOWN and c.letters_gained)
                if cands:
                    tokens.append(_Token(m.start() + rs, m.start() + re_, raw, UNKNOWN, cands))
                    continue
        if not core or not look:
            if proven:
                s, e = _strip_ascii_edges(tok)
                raw = tok[s:e]
                # (Only an apostrophe can make the glued sign clean: "„r" strips to
                # the "word" "r" but is Swedish "är" with cp437 read as cp1252.)
                has_apostrophe = any(ch in _APOSTROPHES for ch in raw)
                if (raw != core or "\xa0" in raw) and _glued_punct(raw) and not (has_apostrophe and _apostrophe_known(raw, lex)):
                    cands = _candidates(raw, lex, page, pairs=proven) if with_candidates else ()
                    tokens.append(_Token(m.start() + s, m.start() + e, raw, UNKNOWN, cands))
                elif raw and len(raw) <= 2 and not any(ch.isalnum() or (ch in _SAFE and ch != "…") for ch in raw):
                    # A lone sign where the proven pair reads a very common word
                    # ("…" for "à" in cp850 read as cp1252: only with that pair
                    # proven in the field, since "…" alone is everyday typography).
                    cands = _candidates(raw, lex, page, pairs=proven) if with_candidates else ()
                    cands = tuple(c for c in cands if c.level >= KNOWN and c.score >= 4.0 and c.text.isalpha() and c.text.islower())
                    if cands:
                        tokens.append(_Token(m.start() + s, m.start() + e, raw, UNKNOWN, cands))
            continue
        if doubt <= UNKNOWN and proven & _TO_CYRILLIC_PAIRS and _is_latin1_word(core):
            # Cyrillic read as a Western codec: with that proven, every accented
            # Latin word of the field is a Cyrillic word ("Â" for "В").
            cands = _candidates(core, lex, page, pairs=proven & _TO_CYRILLIC_PAIRS) if with_candidates else ()
            cands = tuple(c for c in cands if c.level >= SHAPED and any(_script(ch) == "cyrillic" for ch in c.text))
            if cands or not with_candidates:
                tokens.append(_Token(m.start() + s, m.start() + e, core, SHAPE, cands))
                continue
        if doubt <= UNKNOWN and proven & _CASE_SWAP_PAIRS and cyrillic_odd and any(_script(ch) == "cyrillic" for ch in core):
            # KOI8-R and cp1251 swap case: with that pair proven in the field, every
            # Cyrillic word of it went through the same mix-up ("МЕ" for "не").
            cands = _candidates(core, lex, page, pairs=proven & _CASE_SWAP_PAIRS) if with_candidates else ()
            cands = tuple(c for c in cands if c.level >= SHAPED)
            if cands or not with_candidates:
                tokens.append(_Token(m.start() + s, m.start() + e, core, SHAPE, cands))
                continue
        if doubt == CLEAN:
            # A known word in another script than its text ("α", "а" for "à") is
            # only worth a look; it changes when the field's codec pair is proven.
            if odd_scripts:
                if dominant is None:
                    dominant = _dominant_script(text)
                if dominant not in odd_scripts:
                    doubt = UNKNOWN
            if doubt == CLEAN and with_candidates and _odd_capital(text, m.start() + s, core):
                # "desafio È ganhar": a short capitalised word between lowercase
                # words, where the field's proven pair (or, with none proven, one
                # codec alone: see _mark_lone_word) reads a very common lowercase
                # word ("é").
                cands = _candidates(core, lex, page, pairs=proven or None)
                cands = tuple(c for c in cands if c.level >= KNOWN and c.score >= _SHORT_WORD_ZIPF and c.text.islower())
                if cands:
                    tokens.append(_Token(m.start() + s, m.start() + e, core, UNKNOWN, cands))
                    continue
            if doubt == CLEAN:
                clean_letters.update(accented)
                continue
        if not with_candidates:
            cands = ()
        elif doubt == UNKNOWN and not proven and not _COMMON_ZIPF:
            cands = _candidates(core, lex, page, page_only=True) if page else ()
        else:
            cands = _candidates(core, lex, page)
        if with_candidates and (doubt > UNKNOWN or proven):
            # Edge punctuation may itself be a broken letter ("¡ngel", "”verensst„mde").
            rs, re_ = _strip_ascii_edges(tok)
            raw = tok[rs:re_]
            if raw != core and _glued_punct(raw):
                raw_cands = _candidates(raw, lex, page)
                top = max(cands, key=lambda c: (c.level, c.score)) if cands else None
                # The sign next to a re-read letter went through the same codec:
                # "S„lj”" is "Säljö" when the pair that reads "„" as "ä" reads "”" as "ö".
                same_pair = top is not None and any(
                    c.pair == top.pair and c.level >= SHAPED and c.letters_gained > top.letters_gained
                    and c.text.strip(_EDGE_PUNCT) == c.text
                    for c in raw_cands
                )
                if raw_cands and (not cands or same_pair or max(c.level for c in raw_cands) >= max(c.level for c in cands)):
                    s, e, core, cands = rs, re_, raw, raw_cands
        tokens.append(_Token(m.start() + s, m.start() + e, core, doubt, cands))
    if with_candidates:
        tokens = [_mark_lone_word(text, t) for t in tokens]
    if clean_letters:
        # "romã" among known Portuguese words is a rare word, not a broken one.
        tokens = [
            dataclasses.replace(t, familiar=True)
            if t.doubt == UNKNOWN and {ch for ch in t.core if ch > "\x7f" and ch.isalpha()} <= clean_letters
            else t
            for t in tokens
        ]
    return tuple(tokens)


class _TokenFacts(NamedTuple):
    """What _analyse needs of a token before its text, page and proven pairs count."""

    start: int  # of the core in the token (edge punctuation stripped)
    end: int
    core: str
    foreign: bool  # the core holds a character no single-byte decode produces
    look: bool  # _needs_look(core)
    doubt: int  # _doubt_level(core), CLEAN when the core is not looked at
    odd_scripts: frozenset[str]  # a known word's scripts when all are non-Latin (see "α" in _analyse)
    accented: tuple[str, ...]  # its non-ASCII letters


@functools.lru_cache(maxsize=1 << 16)
def _token_facts(tok: str) -> _TokenFacts:
    """Per-token work of _analyse that depends on the token alone. Tokens recur
    (words of a language, within and across pages): remembering them saves
    ~3/4 of the per-token cost, ~10% of the repair stage (golden corpus, measured)."""
    s, e = _strip_edges(tok)
    core = tok[s:e]
    foreign = bool(core) and not _ANY_REPERTOIRE.issuperset(core)
    look = bool(core) and not foreign and _needs_look(core)
    doubt = _doubt_level(core, get_lexicon()) if look else CLEAN
    odd_scripts: frozenset[str] = frozenset()
    if look and doubt == CLEAN:
        first = next((ch for ch in core if ch > "\x7f" and ch.isalpha()), "a")
        if _script(first) != "latin":
            scripts = frozenset(_script(ch) for ch in core if ch.isalpha())
            if scripts and "latin" not in scripts and "other" not in scripts:
                odd_scripts = scripts
    accented = tuple(ch for ch in core if ch > "\x7f" and ch.isalpha())
    return _TokenFacts(s, e, core, foreign, look, doubt, odd_scripts, accented)


_SHORT_WORD_ZIPF = 4.5


def _odd_capital(text: str, start: int, core: str) -> bool:
    """A capitalised accented word of 1-3 letters (not an all-capitals abbreviation)
    after a lowercase word, before one."""
    if not (1 <= len(core) <= 3 and core.isalpha() and core[0].isupper() and not core.isascii()):
        return False
    if len(core) > 1 and not core[1:].islower():
        return False  # "ПП", "ČR": capitals are an abbreviation
    before = text[:start].rstrip()
    after = text[start + len(core):].lstrip()
    return bool(before) and (before[-1].islower() or before[-1] == ",") and after[:1].islower()


def _between_lowercase(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return bool(before) and (before[-1].islower() or before[-1] == ",") and after[:1].islower()


_STANDALONE_SIGNS = _ATTACH_OK | frozenset("†‡•·¦¬±×÷¤¨¯¸¹²³¼½¾")


def _common_lower_reading(core: str, c: _Candidate) -> bool:
    """A very common lowercase word, in the script of the token's own letters
    (a Latin letter does not turn Cyrillic alone: "Å" is no KOI8-R "е")."""
    if not (c.level >= KNOWN and c.text.islower() and c.text.isalpha() and c.score >= _SHORT_WORD_ZIPF):
        return False
    scripts = {_script(ch) for ch in core if ch.isalpha()} or {"latin"}
    return {_script(ch) for ch in c.text} <= scripts


def _mark_lone_word(text: str, tok: _Token) -> _Token:
    """A short token that is plainly odd where it stands: a C1 control or sign, or
    a capital accented letter, alone between lowercase words ("questa legge \x8f
    purtroppo", "momento Ž acelerar"). Exactly one codec reading of it as a very
    common lowercase word is then evidence enough on its own. A broken letter
    inside a short word ("We went p\x8c the way") is not: "på" in English text
    is a guess, left on doubt."""
    core = tok.core
    if not (1 <= len(core) <= 3) or not _between_lowercase(text, tok.start, tok.end):
        return tok
    odd = (
        # "‚", "\x85": signs alone, but not the ones clean text sets alone ("† 1900", "§ 3").
        (tok.doubt >= UNKNOWN and not any(ch.isalpha() for ch in core) and not any(ch in _STANDALONE_SIGNS for ch in core))
        or (core.isalpha() and core[0].isupper() and (len(core) == 1 or core[1:].islower()) and not core.isascii())  # "Ž" after a lowercase word
        # "ŕ" (cp1252 "à" read as cp1250): a short word with no ASCII letter that no
        # language writes alone.
        or (tok.doubt >= SHAPE and not any(ch.isascii() for ch in core))
    )
    if not odd:
        return tok
    readings = {c.text for c in tok.candidates if _common_lower_reading(core, c)}
    if len(readings) != 1:
        return tok
    return dataclasses.replace(tok, lone_word=True)


def _cyrillic_case_odd(text: str) -> bool:
    """Cyrillic text whose case says KOI8-R/cp1251: capitals dominate, or words switch case."""
    upper = len(_CYRILLIC_UPPER_RE.findall(text))
    lower = len(_CYRILLIC_LOWER_RE.findall(text))
    return upper > 0.6 * lower or len(_CYRILLIC_SWITCH_RE.findall(text)) >= 2


def _strip_ascii_edges(token: str) -> tuple[int, int]:
    start, end = 0, len(token)
    while start < end and token[start] in _ASCII_PUNCT:
        start += 1
    while end > start and token[end - 1] in _ASCII_PUNCT:
        end -= 1
    return start, end


def _glued_punct(raw: str) -> bool:
    """Non-ASCII punctuation touching a letter."""
    for i, ch in enumerate(raw):
        if ch > "\x7f" and not ch.isalnum():
            if (i > 0 and raw[i - 1].isalpha()) or (i + 1 < len(raw) and raw[i + 1].isalpha()):
                return True
    return False


# A letter or digit of a far script glued to a Latin letter ("vernisហ", "F٤e"):
# what a wrong UTF-8 reading makes of single-byte text.
_FAR_SCRIPT_GLUE_RE = re.compile(
    r"[A-Za-z\u00c0-\u024f][\u0590-\u1dff\u3040-\ua4ff\uac00-\ud7ff]"
    r"|[\u0590-\u1dff\u3040-\ua4ff\uac00-\ud7ff][A-Za-z\u00c0-\u024f]"
)


def badness(text: str) -> int:
    """How broken a text looks: summed doubt of its tokens (no candidates tried)."""
    return sum(t.doubt for t in analyse(text, with_candidates=False)) + 3 * len(_FAR_SCRIPT_GLUE_RE.findall(text))


_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_GREEK_RE = re.compile(r"[\u0370-\u03ff]")


def _dominant_script(text: str) -> str:
    counts = {
        "latin": len(_LATIN_RE.findall(text)),
        "cyrillic": len(_CYRILLIC_RE.findall(text)),
        "greek": len(_GREEK_RE.findall(text)),
    }
    return max(counts, key=counts.get)


def _proven_pairs(tokens: Iterable[_Token]) -> dict[tuple[str, str], int]:
    """Votes per codec pair: 2 for a token the pair alone repairs with strong
    evidence, 1 for a doubtful token it turns into a known word of 3+ letters."""
    votes: dict[tuple[str, str], int] = {}
    for tok in tokens:
        weight: dict[tuple[str, str], int] = {}
        top = _best(tok, {})
        if top is None or top.pair == _C1_PAIR:
            continue  # a token votes only for the reading it prefers on its own evidence
        for cand in tok.candidates:
            if cand.pair == _C1_PAIR or (cand.level, cand.score) < (top.level, top.score):
                continue
            if _accept_alone(tok, cand):
                weight[cand.pair] = 2
            elif (
                cand.level >= KNOWN
                and cand.score >= 3.0
                and cand.letters_lost == 0
                and cand.letters_gained
                and sum(ch.isalpha() for ch in cand.text) >= 3
            ):
                weight.setdefault(cand.pair, 1)
        for pair, w in weight.items():
            votes[pair] = votes.get(pair, 0) + w
    return votes


def _merge_votes(*many: dict) -> dict:
    out: dict = {}
    for votes in many:
        for pair, n in votes.items():
            out[pair] = out.get(pair, 0) + n
    return out


def _supported(votes: dict) -> frozenset:
    """Pairs the scope agrees on: at least half the votes of the leading pair."""
    if not votes:
        return frozenset()
    top = max(votes.values())
    return frozenset(p for p, n in votes.items() if n >= 2 and n * 2 >= top)


def _best(tok: _Token, votes: dict) -> _Candidate | None:
    if not tok.candidates:
        return None
    return max(
        tok.candidates,
        key=lambda c: (c.level, votes.get(c.pair, 0), -_sign_to_capital(tok.core, c.text), -c.letters_lost, c.score, -_PAIR_RANK[c.pair]),
    )


def _sign_to_capital(core: str, cand: str) -> int:
    """Signs the reading turns into capitals before a lowercase letter: most letters
    are lowercase, so between two readings "÷kad" is "ökad" rather than "Ökad"."""
    if len(core) != len(cand):
        return 0
    return sum(
        1
        for i, (a, b) in enumerate(zip(core, cand))
        if a != b and not a.isalpha() and b.isupper() and cand[i + 1 : i + 2].islower()
    )


_PAIR_RANK = {pair: i for i, pair in enumerate((_C1_PAIR, *PAIRS))}


_COMMON_ZIPF = 3.3
# Quotes and an ellipsis glued between two words ("gechi…i") are informal typing.
_INNER_QUOTE_RE = re.compile(r"[^\W\d_][“”„‚…][^\W\d_]")


def _accept_alone(tok: _Token, cand: _Candidate) -> bool:
    """Evidence that needs no support from the rest of the field."""
    if cand.level == PAGE:
        return True
    if cand.letters_lost:
        return False  # "Brontë…”" -> "Bront‘…”": letters into quotes need the field's pair
    if not cand.letters_gained and cand.pair[0] != "utf-8":
        return False  # a sign turned into another sign ("´DOMINGO" -> "«DOMINGO")
    if sum(ch.isalpha() for ch in cand.text) <= 2:
        # Every letter or two-letter string is some language's word: too weak alone,
        # unless the token is plainly odd where it stands and reads one common word.
        return tok.lone_word and _common_lower_reading(tok.core, cand) and cand.pair[0] != "utf-8"
    if cand.level == KNOWN:
        if tok.doubt >= SHAPE:
            return True
        # A merely unknown word whose re-decoding is a common word of 5+ letters.
        return (
            tok.doubt == UNKNOWN
            and not tok.familiar
            and not _fits_common_shape(tok.core)
            and cand.score >= _COMMON_ZIPF
            and sum(ch.isalpha() for ch in cand.text) >= 4
        )
    if cand.level == SHAPED:
        # A plainly broken token with exactly one re-decoding that reads like a word;
        # a quote or ellipsis glued between two words ("protezione”dai") is a typo, not that.
        return (
            tok.doubt == STRONG
            and len(tok.candidates) == 1
            and cand.pair[0] != "utf-8"
            and not _INNER_QUOTE_RE.search(tok.core)
        )
    return False


def _accept_supported(tok: _Token, cand: _Candidate) -> bool:
    """Weaker evidence, accepted when the same codec pair is proven elsewhere in scope."""
    if not cand.letters_gained and tok.doubt < STRONG:
        return False  # only signs changed ("Victor®" -> "Victor«"): needs a plainly broken token
    if cand.level == KNOWN:
        return tok.doubt >= UNKNOWN
    if cand.level == SHAPED:
        return tok.doubt >= SHAPE
    return False


@dataclass(frozen=True)
class Decision:
    start: int
    end: int
    broken: str
    repaired: str | None  # None: left alone
    pair: tuple[str, str] | None
    doubt: bool


def _c1_punct_only(tok: _Token, best: _Candidate | None) -> bool:
    return (
        best is not None
        and best.pair == _C1_PAIR
        and not any(b.isalpha() for a, b in zip(tok.core, best.text) if a != b)
    )


def _c1_contested(tok: _Token) -> bool:
    """Another codec reads the token's C1 control as a letter that makes a known
    word ("Han\x94" may be cp850 "Hanö"), or the token is a sign alone where a
    common word stands ("est \x85 Paris": cp850 "à"). A merely word-shaped
    reading ("líambiance") does not contest cp1252's apostrophe, nor does any
    reading contest cp1252's commonest ones (apostrophe in a word, a sign alone)."""
    if tok.lone_word:
        return True  # "est \x85 Paris": a sign alone where a common word stands
    c1 = next((c for c in tok.candidates if c.pair == _C1_PAIR), None)
    if c1 is not None and c1.score >= 10.0:
        return False  # cp1252's commonest readings: "d\x92autres", "l\x92 autre", "(5 \x80)"
    return any(c.pair != _C1_PAIR and c.letters_gained and c.level >= KNOWN for c in tok.candidates)


def decide(tokens: list[_Token], votes: dict) -> list[Decision]:
    supported = _supported(votes)
    # A C1 control that only cp1252 reads well elsewhere in the field ("\x84Handwerk")
    # proves cp1252 punctuation for the field's contested ones ("hin\x93").
    c1_proven = any(_c1_punct_only(t, _best(t, votes)) and not _c1_contested(t) for t in tokens)
    out = []
    for tok in tokens:
        best = _best(tok, votes)
        if tok.lone_word and best is not None and not (best.text.islower() and best.text.isalpha()):
            # The token stands where a lowercase word stands: its lowercase reading
            # competes, not a capital ("\x8f" is "è" there, not "Å").
            lower = [c for c in tok.candidates if _common_lower_reading(tok.core, c)]
            best = max(lower, key=lambda c: (votes.get(c.pair, 0), c.score)) if lower else best
        chosen = None
        if best is not None:
            if _accept_alone(tok, best) or (best.pair in supported and _accept_supported(tok, best)):
                chosen = best
            elif _c1_punct_only(tok, best) and (c1_proven or not _c1_contested(tok)):
                # No other reading wins: the C1 control is cp1252 punctuation, as
                # ftfy would read it (recorded as ftfy's plan). When another codec
                # reads it as a letter that makes a word ("\x85" is cp850 "à",
                # "Han\x94" is "Hanö"), the two readings are in doubt: leave it.
                chosen = best
        if chosen is not None:
            out.append(Decision(tok.start, tok.end, tok.core, chosen.text, chosen.pair, False))
        elif chosen is None:
            is_doubt = tok.doubt >= SHAPE or any(c.level >= KNOWN for c in tok.candidates)
            out.append(Decision(tok.start, tok.end, tok.core, None, None, is_doubt))
    return out


def _apply(text: str, decisions: list[Decision]) -> tuple[str, list[tuple[str, str, str]]]:
    """Apply swaps; one audit entry per run of same-method repairs close together."""
    changes = [d for d in decisions if d.repaired is not None]
    if not changes:
        return text, []
    pieces = []
    pos = 0
    for d in changes:
        pieces.append(text[pos : d.start])
        pieces.append(d.repaired)
        pos = d.end
    pieces.append(text[pos:])
    new_text = "".join(pieces)

    entries = []
    group: list[Decision] = []

    def flush():
        if not group:
            return
        start, end = group[0].start, group[-1].end
        broken = text[start:end]
        repaired = broken
        for d in reversed(group):
            repaired = repaired[: d.start - start] + d.repaired + repaired[d.end - start :]
        entries.append((broken, repaired, _method(group[0].pair, broken, repaired)))

    for d in changes:
        if group and (d.pair != group[-1].pair or len(text[group[-1].end : d.start].split()) > _MERGE_GAP_WORDS):
            flush()
            group = []
        group.append(d)
    flush()
    return new_text, entries


_MERGE_GAP_WORDS = 4


# --- ftfy ------------------------------------------------------------------------

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,  # folding ﬂ would destroy MacRoman's ß before we can see it
    fix_character_width=False,
    fix_line_breaks=False,
    remove_terminal_escapes=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


_FTFY_CONFIG_KEEP_C1 = _FTFY_CONFIG._replace(fix_c1_controls=False)


def _ftfy(text: str, keep_c1: bool = False) -> tuple[str, list[tuple[str, str]]]:
    try:
        result = ftfy.fix_encoding_and_explain(text, config=_FTFY_CONFIG_KEEP_C1 if keep_c1 else _FTFY_CONFIG)
    except (UnicodeError, ValueError):  # pragma: no cover - ftfy guards its own decodes
        return text, []
    return result.text, list(result.explanation or [])


def _plan_decodes_utf8(plan: list[tuple[str, str]]) -> bool:
    return any(("utf-8" in arg or "utf8" in arg) for _, arg in plan)


def _plan_name(plan: list[tuple[str, str]]) -> str:
    return "ftfy:" + ",".join(f"{op}:{arg}" for op, arg in plan)


def _diff_entry(before: str, after: str, method: str) -> tuple[str, str, str]:
    """The smallest whole-token span that differs, so the audit trail stays readable."""
    i = 0
    n = min(len(before), len(after))
    while i < n and before[i] == after[i]:
        i += 1
    j = 0
    while j < n - i and before[-1 - j] == after[-1 - j]:
        j += 1
    # widen to token edges (whitespace) on both sides
    while i > 0 and not before[i - 1].isspace():
        i -= 1
    end_b, end_a = len(before) - j, len(after) - j
    while end_b < len(before) and not before[end_b].isspace():
        end_b += 1
        end_a += 1
    return before[i:end_b], after[i:end_a], method


# --- public API -------------------------------------------------------------------


@dataclass(frozen=True)
class RepairResult:
    text: str
    repairs: tuple[tuple[str, str, str], ...]
    doubts: int


_C1_IN_WORD_RE = re.compile(r"[^\W\d_][\x80-\x9f]|[\x80-\x9f][^\W\d_]")


def _swap_pass(text: str, page, votes_extra: dict) -> tuple[str, list[tuple[str, str, str]], int, bool]:
    tokens = analyse(text, page)
    votes = _merge_votes(_proven_pairs(tokens), votes_extra)
    if _supported(votes):
        # Second look, now that the field's codec pair is known: punctuation-only
        # tokens, and the pair preferred wherever several candidates compete.
        tokens = analyse(text, page, _supported(votes))
        votes = _merge_votes(_proven_pairs(tokens), votes_extra)
    decisions = decide(tokens, votes)
    new_text, swaps = _apply(text, decisions)
    # C1 controls we left on doubt where another codec reads them better than
    # cp1252 must not be "fixed" as cp1252 by ftfy afterwards.
    changed = {(d.start, d.end) for d in decisions if d.repaired is not None}
    keep_c1 = any(
        (tok.start, tok.end) not in changed
        and _C1_IN_WORD_RE.search(tok.core)
        and (best := _best(tok, votes)) is not None
        and best.pair != _C1_PAIR
        for tok in tokens
    )
    return new_text, swaps, sum(1 for d in decisions if d.doubt), keep_c1


# Fast path. Mojibake from the codecs above is made of characters those codecs
# decode to; text whose non-ASCII characters are all outside that repertoire
# (Hangul, CJK, Arabic, ...) or are everyday typography used the everyday way
# (curly quotes, dashes, NBSP between words) holds nothing to repair. Cyrillic
# letters are in the repertoire but only suspicious by case: KOI8-R/cp1251
# mix-ups swap case ("оПХБЕР", or words in capitals).
_SAFE = set("’‘“”–—…\u00a0") | {chr(c) for c in range(0x410, 0x450)} | {"ё", "Ё"}
_SUSPECT_CHAR_RE = re.compile(
    "["
    + "".join(re.escape(ch) for ch in sorted(_ANY_REPERTOIRE | _CP1252_ONLY | set(map(chr, range(0x80, 0x100)))) if ch > "\x7f" and ch not in _SAFE)
    + "]"
)
# The same suspicions where only the context tells. Each branch starts at its
# rare character and looks back for the letter before it, so the pattern begins
# with one character class and `search` skips to those characters in C. Written
# letter first ("[^\W\d_][“”][^\W\d_]"), every branch was tried at every letter:
# needs_work cost ~250 ns per character of text with curly quotes (measured).
_SUSPECT_CONTEXT_RE = re.compile(
    r"[“”’‘—…\u00a0]"
    r"(?:(?<=[^\W\d_][“”’‘—])(?=[^\W\d_])"  # "frigor’fico", "pr—prio" (checked per word)
    r"|(?<=[^\W\d_]{2}\u00a0)(?=[^\W\d_]{2})"
    r"|(?<=[^\W\d_]…)"  # "Fiscalit…"
    r")"
)
# The Cyrillic suspicions, asked only of text with a Cyrillic letter, each led by
# the character that is rare there: a capital after a lowercase letter ("оПХБЕР"),
# a Latin letter touching a Cyrillic one ("cafй"). Led by every Cyrillic letter,
# as one branch of the pattern above, they cost Russian text ~120 ns per character
# (~60% of needs_work on the golden corpus, measured).
_CYRILLIC_ANY_RE = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_CONTEXT_RE = re.compile(
    r"[А-ЯЁ](?<=[а-яё][А-ЯЁ])"
    r"|[A-Za-z\u00c0-\u024f](?:(?<=[\u0400-\u04ff][A-Za-z\u00c0-\u024f])|(?=[\u0400-\u04ff]))"
)
_CYRILLIC_UPPER_RE = re.compile(r"[А-ЯЁ]")
_CYRILLIC_SWITCH_RE = re.compile(r"[а-яё][А-ЯЁ]")
_CYRILLIC_LOWER_RE = re.compile(r"[а-яё]")


def needs_work(text: str) -> bool:
    if text.isascii():
        return False
    if _SUSPECT_CHAR_RE.search(text) is not None or _SUSPECT_CONTEXT_RE.search(text) is not None:
        return True
    if _CYRILLIC_ANY_RE.search(text) is None:
        return False  # every test below needs a Cyrillic letter
    if _CYRILLIC_CONTEXT_RE.search(text) is not None:
        return True
    upper = len(_CYRILLIC_UPPER_RE.findall(text))
    return upper > 3 and upper > len(_CYRILLIC_LOWER_RE.findall(text))


def _repair_once(text: str, page, proven_extra: dict) -> RepairResult:
    if not needs_work(text):
        return RepairResult(text, (), 0)
    bad = _is_bad(text)  # ftfy's own gate: when it says no, ftfy changes nothing
    fixed, plan = _ftfy(text) if bad else (text, [])
    routes = []
    if plan and fixed != text and _plan_decodes_utf8(plan):
        # Route A: ftfy's UTF-8 repair first, swaps for what is left.
        repairs = [_diff_entry(text, fixed, _plan_name(plan))]
        out, swaps, doubts, _ = _swap_pass(fixed, page, proven_extra)
        routes.append((out, repairs + swaps, doubts))
    # Route B: swaps on the original first (ftfy would turn MacRoman or cp437 read
    # as Latin-1 into C1 controls and "fix" those as cp1252), then ftfy.
    out, swaps, doubts, _ = _swap_pass(text, page, proven_extra)
    keep_c1 = True  # every C1 control was weighed token by token: what is left is doubt
    repairs = list(swaps)
    if routes:
        # Route C: swaps only, ftfy's UTF-8 reading declined.
        route_c = (out, list(swaps), doubts)
    if out != text or keep_c1:
        fixed, plan = _ftfy(out, keep_c1) if _is_bad(out) else (out, [])
        if keep_c1 and not _plan_decodes_utf8(plan):
            fixed, plan = out, []  # ftfy's other road to cp1252 for C1 controls
    if plan and fixed != out:
        repairs.append(_diff_entry(out, fixed, _plan_name(plan)))
        out = fixed
    routes.append((out, repairs, doubts))
    if len(routes) > 1 and len(_NBSP_JOIN_RE.findall(routes[0][0])) > len(_NBSP_JOIN_RE.findall(text)):
        # Only where ftfy's reading glued two words with an NBSP ("pÂ den" in
        # Swedish MacRoman is "på den", not UTF-8 for "p\xa0den").
        routes.append(route_c)
    if len(routes) > 1 and len({r[0] for r in routes}) > 1:
        # Keep ftfy's UTF-8 route unless the swap route leaves a cleaner text.
        # Ties go to the route with fewer kinds of repair (one codec story per field).
        # An NBSP that ftfy put between two letters ("pÂ den" -> "p\xa0den") is
        # a join no clean text makes: it counts against the route.
        def cost(route):
            joins = len(_NBSP_JOIN_RE.findall(route[0])) - len(_NBSP_JOIN_RE.findall(text))
            return (badness(route[0]) + 3 * max(0, joins), len({m for _, _, m in route[1]}))

        chosen = min(routes, key=cost)
    else:
        chosen = routes[0]
    return RepairResult(chosen[0], tuple(chosen[1]), chosen[2])


_NBSP_JOIN_RE = re.compile(r"[^\W\d_]\u00a0[^\W\d_]")


@functools.lru_cache(maxsize=256)  # asked again of the same text within an article (see _analyse)
def _is_bad(text: str) -> bool:
    # ftfy's badness needs some character beyond everyday typography; skip its
    # large regex on text that has none (most English copy: ’ “ ” — only).
    return _SUSPECT_CHAR_RE.search(text) is not None and _ftfy_is_bad(text)


def repair(
    text: str,
    lexicon: frozenset[str] | set[str] | None = None,
    proven: dict | None = None,
    *,
    folded: bool = False,
) -> RepairResult:
    """Repair until nothing changes (at most a few rounds), so the result is a fixed point."""
    if not needs_work(text):
        return RepairResult(text, (), 0)
    if folded:
        page = lexicon or frozenset()
    else:
        page = frozenset(_fold(w) for w in lexicon) if lexicon else frozenset()
    proven_set = dict(proven or {})
    all_repairs: list[tuple[str, str, str]] = []
    doubts = 0
    for _ in range(4):
        result = _repair_once(text, page, proven_set)
        doubts = result.doubts
        if result.text == text:
            break
        all_repairs.extend(result.repairs)
        text = result.text
    return RepairResult(text, tuple(all_repairs), doubts)


def repair_text(text: str, lexicon: frozenset[str] | set[str] | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """Repair one text. `lexicon`: words known to be spelled right on the same page."""
    result = repair(text, lexicon)
    return result.text, list(result.repairs)


def page_lexicon(texts: Iterable[str]) -> frozenset[str]:
    """Accented words of the page that look clean: evidence for repairing their broken twins."""
    words = set()
    for text in texts:
        if not text or text.isascii():
            continue
        for tok in _NON_ASCII_TOKEN_RE.findall(text):
            words.update(_clean_words(tok))
    return frozenset(words)


@functools.lru_cache(maxsize=1 << 16)
def _clean_words(tok: str) -> tuple[str, ...]:
    """page_lexicon's words of one token. Tokens recur within and across a site's
    pages: remembering them saves ~3/4 of page_lexicon's time (golden corpus)."""
    s, e = _strip_edges(tok)
    core = tok[s:e]
    if not core or _strong_break(core):
        return ()
    return tuple(_fold(w) for w in _words(core) if not w.isascii())


# Everything but ASCII and the curly apostrophes.
_NOT_APOSTROPHE_RE = re.compile(r"[^\x00-\x7f’‘]")


def _apostrophes_only(text: str) -> bool:
    """Text whose only non-ASCII characters are ’ and ‘ ("don’t"): never bad, nothing to analyse.

    Half the fields that pass needs_work (an apostrophe inside a word) are
    these. _is_bad's gate skips ’‘ (_SAFE) and analyse() skips every token of
    such a text (_needs_look reads ’‘ as ASCII); one regex search instead of
    the token scan saves ~9% of the repair stage (golden corpus, measured).
    """
    return _NOT_APOSTROPHE_RE.search(text) is None


def _article_fields(article) -> list[tuple[str, str]]:
    fields = []
    if article.headline:
        fields.append(("headline", article.headline))
    if article.summary:
        fields.append(("summary", article.summary))
    if article.byline:
        fields.append(("byline", article.byline))
    for i, p in enumerate(article.paragraphs):
        fields.append((f"paragraphs[{i}]", p))
    for i, c in enumerate(article.captions):
        fields.append((f"captions[{i}].text", c.text))
        if c.credit:
            fields.append((f"captions[{i}].credit", c.credit))
    return fields


@dataclass(frozen=True)
class ArticleRepair:
    article: object  # wire.records.Article
    repairs: tuple  # TextRepair entries added
    doubts: int


def repair_article_explained(article, extra_lexicon: Iterable[str] | None = None) -> ArticleRepair:
    """Repair every text field; returns the new article, the entries added and the doubt count."""
    from wire.records import Caption, TextRepair

    fields = _article_fields(article)
    # Fast path: fields with nothing ftfy calls bad and no token worth a look.
    todo = [
        (name, text)
        for name, text in fields
        if needs_work(text) and not _apostrophes_only(text) and (_is_bad(text) or analyse(text, with_candidates=False))
    ]
    if not todo:
        return ArticleRepair(article, (), 0)
    page = set(page_lexicon(t for _, t in fields))
    if extra_lexicon:
        page.update(_fold(w) for w in extra_lexicon)
    page_f = frozenset(page)
    # One codec pair per article: pairs proven by strong evidence anywhere in it
    # support weaker evidence everywhere else in it.
    proven: dict = {}
    analysed = {}
    for name, text in todo:
        analysed[name] = analyse(text, page_f)
        proven = _merge_votes(proven, _proven_pairs(analysed[name]))
    new_values: dict[str, str] = {}
    entries = []
    doubts = 0
    for name, text in todo:
        # The field's own votes are in `proven` already: pass the others' only.
        others = _merge_votes(proven, {p: -n for p, n in _proven_pairs(analysed[name]).items()})
        result = repair(text, page_f, {p: n for p, n in others.items() if n > 0}, folded=True)
        doubts += result.doubts
        if result.text != text:
            new_values[name] = result.text
            entries.extend(TextRepair(name, b, r, m) for b, r, m in result.repairs)
    if not new_values:
        return ArticleRepair(article, (), doubts)
    changes: dict = {}
    for key in ("headline", "summary", "byline"):
        if key in new_values:
            changes[key] = new_values[key]
    if any(k.startswith("paragraphs[") for k in new_values):
        changes["paragraphs"] = tuple(new_values.get(f"paragraphs[{i}]", p) for i, p in enumerate(article.paragraphs))
    if any(k.startswith("captions[") for k in new_values):
        changes["captions"] = tuple(
            Caption(
                text=new_values.get(f"captions[{i}].text", c.text),
                credit=new_values.get(f"captions[{i}].credit", c.credit) if c.credit else c.credit,
            )
            for i, c in enumerate(article.captions)
        )
    changes["text_repairs"] = tuple(article.text_repairs) + tuple(entries)
    return ArticleRepair(dataclasses.replace(article, **changes), tuple(entries), doubts)


def repair_article(article, extra_lexicon: Iterable[str] | None = None):
    """Repair headline, summary, byline, paragraphs and captions; append `TextRepair`s."""
    return repair_article_explained(article, extra_lexicon).article


__all__ = [
    "PAIRS",
    "RepairResult",
    "get_lexicon",
    "page_lexicon",
    "repair",
    "repair_article",
    "repair_article_explained",
    "repair_text",
    "method_family",
]
