"""Language identification: deterministic, bounded in cost, and honest about doubt.

Input: a text (or an `Article`); output: a `LanguageResult`: a BCP-47 code
(`en`, `zh-CN`), or `und` when the evidence is too weak, and a score in [0, 1].

The design card picks langdetect. Used plainly it is non-deterministic (it
samples n-grams at random), not thread-safe (one global factory), slow on long
texts (its cost grows with the text) and over-confident on short ones (about
14% of two-word texts get a wrong language with probability > 0.9999). This
module keeps langdetect's profiles and its sampling algorithm and adds evidence:

1. Bounded text: a prefix of `prefix_chars`, cut at a word boundary.
   Accuracy on article-length text saturated at 300 characters on the tuning
   data (benchmarks/bench_langid.py --tune); the default reads 400.
2. Script: the dominant writing system decides outright where one language
   owns it (Greek, Hangul, kana, Thai, Hebrew, the Indic scripts but
   Devanagari; Han without kana is Chinese) and otherwise limits the candidates
   (Cyrillic -> bg/mk/ru/uk, Devanagari -> hi/mr/ne, Latin -> 31 languages).
3. Letters only some alphabets have (ř, ы, ї, ő, ł, ...) lower the prior of
   the candidates that never write them (x0.1 per occurrence, at most two).
4. A prior from the rough share of each language on the web (square-rooted),
   so "Вот чашечка." is Russian rather than Macedonian unless the text says so.
5. A second opinion, py3langid (naive Bayes over byte n-grams, norm_probs),
   restricted to the candidates: its six best form the shortlist that
   langdetect's sampler runs over (seeded, in numpy, so it is also cheap).
   The language chosen maximises (P_langdetect + 2) * P_py3langid: langdetect's
   verdicts are 0-or-1 on short text, so they move the choice, never veto it.
6. Score: P_py3langid of the choice, moving to the joint probability as the
   text grows (weight 1 - exp(-letters / 200)), times a length damping
   (1/2 at 16 letters; 1/2 at 2 letters for a script one language owns).
   Below `min_score` (0.3) the answer is `und`; `candidate` keeps the guess.
7. The page's declared language (<html lang>, og:locale) is evidence only: a
   x2 prior, and it wins a near-tie (at least half the leader's joint
   probability); a disagreement is recorded, the declared code is never copied.

The constants were chosen on a tuning split (the lingua sentences outside
sample_200_per_lang.tsv and the even half of the word pairs); the benchmark
reports on the other data.

Determinism: the sampler uses its own PCG64 generator seeded with 0 (rewound
to that state on every call) and profiles are loaded in sorted order, so the
same text gives the same result in every process and run; models load once
per process and are only read afterwards (but for bounded caches of words'
n-grams and of recent sampled answers); a lock serialises the sampler, whose
generator is shared.
Scores are rounded to 4 decimals.

Known limits: kanji-only Japanese is reported as Chinese; mojibake lowers
the score (repair comes first in the pipeline); the output vocabulary is
langdetect's 55 languages plus the owners of scripts it lacks (hy, ka, si,
lo, km, my).

No apache_beam here: the Beam stage is transforms/language.py.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
import threading
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from wire import cache
from wire.records import Article

UND = "und"

# Chosen on the tuning split (benchmarks/bench_langid.py --tune prints the
# tables): word pairs 73.2% right, 1.8% confidently wrong; sentences 98.9% at 0.3 there.
DEFAULT_MIN_SCORE = 0.3
DEFAULT_PREFIX_CHARS = 400
# Teasers and very short bodies: headline + summary carry more signal.
SHORT_BODY_CHARS = 200
# Letters at which the length damping reaches one half (see _length_factor).
HALF_CONFIDENCE_LETTERS = 16
SCRIPT_HALF_CONFIDENCE_LETTERS = 2  # the same for a script one language owns (a CJK character counts 2)
SHORTLIST = 6
FOREIGN_LETTER_PENALTY = 0.1
MAX_MARKS = 2  # occurrences of one marker letter that count: a quoted name is not a language
DECLARED_BOOST = 2.0  # prior weight of the declared language
DECLARED_TIE = 0.5  # the declared language wins if it has at least this share of the leader's joint probability
PRIOR_POWER = 0.5  # how much the web-share prior counts (0 = not at all)
LD_SMOOTH = 2.0  # keeps langdetect's 0-or-1 verdicts on short text from vetoing the second opinion
LONG_TEXT_LETTERS = 200  # the joint verdict takes over from the second opinion's as texts grow
# From this many letters on, langdetect is skipped when it cannot change the answer
# (short texts always run it: there the scores were tuned with it).
DECISIVE_LETTERS = 100

_SEED = 0
_ALPHA = 0.5  # langdetect's smoothing and its jitter per trial
_ALPHA_WIDTH = 0.05
_BASE_FREQ = 10000
_TRIALS = 7
_ITERATION_LIMIT = 1000
_CONVERGED = 0.99999
_CHUNK = 40  # draws per numpy step; a multiple of 5 keeps the checks aligned
_RECENT_LIMIT = 1 << 12  # sampled answers remembered per identifier (~2 MB at most)

_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_URL_RE = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+")

# (first code point, last code point, script); scanned in order.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x024F, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0530, 0x058F, "Armenian"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x1000, 0x109F, "Myanmar"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1780, 0x17FF, "Khmer"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x3040, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hangul"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x20000, 0x2FA1F, "Han"),
)

# Scripts written by exactly one language of the output vocabulary.
_SYLLABIC = frozenset({"Han", "Kana", "Hangul"})
_SYLLABIC_WEIGHT = 2
_SCRIPT_OWNER = {
    "Greek": "el", "Hebrew": "he", "Bengali": "bn", "Gurmukhi": "pa", "Gujarati": "gu",
    "Tamil": "ta", "Telugu": "te", "Kannada": "kn", "Malayalam": "ml", "Thai": "th",
    "Hangul": "ko", "Kana": "ja", "Armenian": "hy", "Georgian": "ka", "Sinhala": "si",
    "Lao": "lo", "Khmer": "km", "Myanmar": "my",
}
# Scripts shared by several languages: the candidates (langdetect's codes).
_SCRIPT_CANDIDATES = {
    "Latin": (
        "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id",
        "it", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw",
        "tl", "tr", "vi",
    ),
    "Cyrillic": ("bg", "mk", "ru", "uk"),
    "Arabic": ("ar", "fa", "ur"),
    "Devanagari": ("hi", "mr", "ne"),
    "Han": ("zh-cn", "zh-tw"),
}

# Lower-case letters only some candidates write: letter -> the languages that do.
# Alphabet facts, not learned weights; a letter outside this table says nothing.
_LETTER_USERS: dict[str, frozenset[str]] = {}


def _letters(chars: str, *langs: str) -> None:
    for ch in chars:
        _LETTER_USERS[ch] = frozenset(langs)


_letters("řůě", "cs")
_letters("ťďň", "cs", "sk")
_letters("ľĺŕô", "sk")
_letters("ő", "hu")
_letters("ű", "hu")
_letters("ß", "de")
_letters("å", "sv", "da", "no", "fi")
_letters("æø", "da", "no")
_letters("ąę", "pl", "lt")
_letters("łśźżń", "pl")
_letters("ć", "pl", "hr")
_letters("đ", "hr", "vi")
_letters("ėįų", "lt")
_letters("ū", "lt", "lv")
_letters("āēīģķļņ", "lv")
_letters("ğı", "tr")
_letters("ş", "tr", "ro")
_letters("șț", "ro")
_letters("ă", "ro", "vi")
_letters("ñ", "es", "tl")
_letters("ŵŷ", "cy")
_letters("ơư", "vi")
for _cp in range(0x1EA0, 0x1EFA):  # Vietnamese tone-marked vowels
    _LETTER_USERS[chr(_cp)] = frozenset({"vi"})
# Cyrillic: the four alphabets differ in a handful of letters.
_letters("ыэё", "ru")
_letters("ъ", "ru", "bg")
_letters("щюяйь", "ru", "uk", "bg")
_letters("іїєґ", "uk")
_letters("ѓќѕјљњџ", "mk")
# Arabic script: letters Persian and Urdu add to the Arabic alphabet.
_letters("پچژگ", "fa", "ur")
_letters("ٹڈڑںھہےۓ", "ur")
_letters("ة", "ar", "ur")

# Rough share of web content per language, in percent (orders of magnitude as
# published by W3Techs' content-language survey, not fitted to any test data):
# the prior that makes "Вот чашечка." Russian rather than Macedonian.
_WEB_SHARE = {
    "en": 50.0, "es": 6.0, "de": 5.5, "ru": 4.5, "ja": 4.5, "fr": 4.4, "pt": 3.5, "it": 2.5,
    "tr": 1.9, "nl": 1.8, "pl": 1.6, "fa": 1.5, "zh-cn": 1.2, "vi": 1.2, "id": 1.0, "cs": 0.9,
    "ko": 0.8, "ar": 0.7, "uk": 0.6, "sv": 0.6, "ro": 0.6, "hu": 0.5, "el": 0.5, "da": 0.4,
    "fi": 0.4, "sk": 0.4, "zh-tw": 0.3, "he": 0.3, "th": 0.3, "bg": 0.3, "no": 0.3, "hr": 0.2,
    "lt": 0.2, "sl": 0.15, "ca": 0.15, "lv": 0.1, "et": 0.1, "hi": 0.1, "bn": 0.05, "sq": 0.03,
    "mk": 0.03, "ta": 0.03, "ur": 0.03, "ml": 0.02, "mr": 0.02, "te": 0.02, "ne": 0.02,
    "af": 0.02, "sw": 0.02, "tl": 0.02, "cy": 0.02, "kn": 0.01, "gu": 0.01, "pa": 0.01, "so": 0.01,
}
_WEB_SHARE_MIN = 0.01
# detect() pools the scores of candidates that share a primary subtag only for Han (zh-CN,
# zh-TW); every other script's candidates must stay one per primary subtag.
if any(
    len({lang[:2] for lang in candidates}) != len(candidates)
    for script, candidates in _SCRIPT_CANDIDATES.items()
    if script != "Han"
):
    raise ValueError("two candidates of one non-Han script share a primary subtag: detect() would not pool them")
# The priors before any evidence, per script with several candidates (computed once, not per text).
_BASE_PRIORS = {
    script: {lang: _WEB_SHARE.get(lang, _WEB_SHARE_MIN) ** PRIOR_POWER for lang in candidates}
    for script, candidates in _SCRIPT_CANDIDATES.items()
}

# langdetect code -> BCP-47 tag
_BCP47 = {"zh-cn": "zh-CN", "zh-tw": "zh-TW"}


def to_bcp47(code: str | None) -> str:
    """langdetect / ISO codes to BCP-47: `zh-cn` -> `zh-CN`, `pt_br` -> `pt-BR`, None -> `und`."""
    if not code:
        return UND
    code = code.strip().replace("_", "-")
    if not code:
        return UND
    lowered = code.lower()
    if lowered in _BCP47:
        return _BCP47[lowered]
    parts = lowered.split("-")
    out = [parts[0]]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())  # region
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        else:
            out.append(part)
    return "-".join(out)


def primary_subtag(code: str | None) -> str | None:
    if not code or code == UND:
        return None
    return code.replace("_", "-").split("-")[0].lower()


@dataclass(frozen=True)
class LanguageResult:
    language: str  # BCP-47, or "und"
    score: float  # 0..1, rounded to 4 decimals
    # How the answer came about: "script", "decisive" (langdetect could not change it),
    # "agree" / "disagree" (the two models), "declared-tie", or why it is und:
    # "low-score", "no-letters".
    reason: str
    candidate: str  # the best guess even when `language` is und ("und" if none)
    letters: int = 0  # letters read (after the prefix cut)
    sampled_prob: float = 0.0  # langdetect's probability for `candidate` (0 when reason is "decisive")
    second_prob: float = 0.0  # py3langid's (weighted by the letter priors)
    joint_prob: float = 0.0  # the two combined, as used to choose `candidate`
    script: str | None = None
    declared: str | None = None  # BCP-47 of the declared language, if any
    disagreed_with_declared: bool = False

    @property
    def confident(self) -> bool:
        return self.language != UND


def _script_of(ch: str) -> str:
    cp = ord(ch)
    for lo, hi, name in _SCRIPT_RANGES:
        if cp < lo:
            break
        if cp <= hi:
            return name
    return "Other"


def _is_letter(ch: str) -> bool:
    """Letters, and the vowel signs of Indic and Thai script, which are marks but half of every word."""
    if ch.isalpha():
        return True
    return unicodedata.category(ch).startswith("M") and _script_of(ch) in _ABUGIDA


_ABUGIDA = frozenset({
    "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Tamil", "Telugu", "Kannada", "Malayalam",
    "Sinhala", "Thai", "Lao", "Myanmar", "Khmer",
})


def _profile_dir() -> Path:
    import langdetect

    return Path(langdetect.__file__).parent / "profiles"


def prepare_text(text: str, prefix_chars: int) -> str:
    """Drop URLs and e-mail addresses, collapse whitespace, cut at a word boundary."""
    # Cut before the regex runs: its cost grows with the text.
    text = (text or "")[: prefix_chars * 2]
    # Each of its alternatives needs one of these; most texts have none, and the
    # regex costs ~20 us on 800 characters even when it finds nothing.
    if "://" in text or "www." in text or "@" in text:
        text = _URL_RE.sub(" ", text)
    # Collapses whitespace runs and strips, as re.sub(r"\s+", " ", ...).strip() (the same
    # whitespace: both use str.isspace), at a third of the cost.
    text = " ".join(text.split())
    if len(text) <= prefix_chars:
        return text
    cut = text.rfind(" ", 0, prefix_chars + 1)
    # No space in sight (Chinese, Japanese, Thai): cut at the character.
    return text[: cut if cut > prefix_chars // 2 else prefix_chars]


def validate_settings(min_score: float, prefix_chars: int) -> None:
    """Raise ValueError for settings the identifier cannot honour (called at launch)."""
    if not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be in [0, 1], got {min_score}")
    if prefix_chars < 20:
        raise ValueError(f"prefix_chars must be at least 20, got {prefix_chars}")


class _NormalTable(dict):
    """str.translate table applying langdetect's per-character normalisation, filled lazily."""

    def __init__(self, normalize) -> None:
        super().__init__()
        self._normalize = normalize

    def __missing__(self, cp: int) -> str:
        value = self._normalize(chr(cp))
        self[cp] = value
        return value


_ASCII_LETTERS = {cp: None for cp in range(ord("A"), ord("z") + 1)}


class _WordGrams(dict):
    """Space-padded word -> the gram_index rows of its 1-3 grams (those langdetect knows), filled lazily.

    Cutting a word into grams and looking each up cost ~0.2 us a gram, most
    of the sampler's input cost; a news text's words are mostly ones seen
    before. The rows are packed int32 (bytes), so a text's rows are one join
    and one numpy view, never a list of Python ints (35 ns each to convert).
    Bounded: emptied when full (~3 MB at the limit), which costs a few misses
    and never changes a result. Threads may race on a miss; both compute the
    same value.
    """

    LIMIT = 1 << 14

    def __init__(self, gram_index: dict[str, int]) -> None:
        super().__init__()
        self._gram_index = gram_index

    def __missing__(self, padded: str) -> bytes:
        rows = array("i", [row for row in map(self._gram_index.get, _word_grams(padded)) if row is not None])
        if len(self) >= self.LIMIT:
            self.clear()
        packed = self[padded] = rows.tobytes()
        return packed


class _Models:
    """Both models, read-only once loaded; one copy per process (see _shared_models).

    Memory matters: Beam loads this once per worker process. langdetect's own
    loader builds a dict of 87,598 n-grams -> lists of 55 Python floats
    (~150 MB, and the freed heap is not handed back to the OS); here the
    profiles are read straight into numpy, and only the part the sampler can
    use is kept: for each script with several candidates, a dense float64
    block of the n-grams some candidate writes x those candidates (6 MB in
    all; n-grams only script-owned languages write are never sampled, and a
    row of zeros is dropped by the sampler anyway). py3langid's loader keeps
    the full 142-language model beside any restriction; here only the
    restricted copy is built.
    """

    def __init__(self) -> None:
        from langdetect.utils.ngram import NGram

        self.ld_index, self.gram_index, self.blocks, self.bayes = _cached_tables()
        self.normal = _NormalTable(NGram.normalize)
        self.word_grams = _WordGrams(self.gram_index)
        self.normalize_vi = NGram.normalize_vi
        self.scripts: dict[str, str] = {}
        # Per script: (candidate, py3langid column, how many candidates share it).
        self.bayes_columns = {
            script: tuple(
                (lang, self.bayes.column[lang[:2]], sum(other[:2] == lang[:2] for other in candidates))
                for lang in candidates
            )
            for script, candidates in _SCRIPT_CANDIDATES.items()
        }
        # langdetect was written for one thread; its tables are only read here, but
        # the sampler runs under this lock so no future change can race.
        self.lock = threading.Lock()
        self.sampler = _Sampler()

    @property
    def py(self):
        """py3langid's own identifier over the same tables (a copy: for checks, not used to detect)."""
        return self.bayes.identifier()


class _Sampler:
    """The sampler's seeded generator, reused: one call's draws always start from the same state.

    langdetect's jitter (the first draws after seeding) is the same on every
    call, so it is drawn once; `restart` rewinds the generator to just after it
    (2 us instead of 9 for a new seeded generator). Used under the models' lock.
    """

    def __init__(self) -> None:
        bits = np.random.PCG64(_SEED)
        self._rng = np.random.Generator(bits)
        self.weights = (_ALPHA + self._rng.standard_normal(_TRIALS) * _ALPHA_WIDTH) / _BASE_FREQ
        self._state = bits.state

    def restart(self) -> np.random.Generator:
        self._rng.bit_generator.state = self._state
        return self._rng


@dataclass(frozen=True)
class _Block:
    """langdetect's probabilities for one script's candidates: matrix[row_of[gram row], column[lang]]."""

    row_of: np.ndarray  # int32 per gram_index row: the row in `matrix`, or -1 (no candidate writes it)
    column: dict[str, int]
    matrix: np.ndarray  # float64 [n-grams some candidate writes, candidates]


def _profile_paths() -> list[Path]:
    # Sorted: os.listdir order varies by filesystem.
    return sorted(p for p in _profile_dir().iterdir() if p.is_file() and not p.name.startswith("."))


def _load_langdetect() -> tuple[dict[str, int], dict[str, int], dict[str, _Block]]:
    """langdetect's profiles: language -> column, n-gram -> row, and the per-script blocks.

    The probabilities are computed as langdetect's DetectorFactory.add_profile
    does (count / n_words[len - 1], one IEEE division of exact integers), so
    every value equals the one its dict holds. Profiles are read in sorted
    order: os.listdir order varies by filesystem.
    """
    paths = _profile_paths()
    ld_index: dict[str, int] = {}
    all_grams: dict[str, int] = {}
    n_rows = 0
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (row, column, probability) per profile
    sampled = {lang for candidates in _SCRIPT_CANDIDATES.values() for lang in candidates}
    for column, path in enumerate(paths):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["name"] in ld_index:
            raise ValueError(f"duplicate langdetect profile {data['name']!r}")
        ld_index[data["name"]] = column
        if data["name"] not in sampled:
            continue  # a script's only language: never sampled, its n-grams are not kept
        freq: dict[str, int] = data["freq"]
        # An n-gram new here gets the next free row (one is left unused for each
        # one seen before); map() over dict.setdefault keeps the loop in C.
        rows = np.fromiter(map(all_grams.setdefault, freq, itertools.count(n_rows)), dtype=np.int64, count=len(freq))
        n_rows += len(freq)
        lengths = np.fromiter(map(len, freq), dtype=np.int64, count=len(freq))
        counts = np.fromiter(freq.values(), dtype=np.float64, count=len(freq))
        keep = (lengths >= 1) & (lengths <= 3)
        n_words = np.asarray(data["n_words"][:3], dtype=np.float64)
        parts.append((rows[keep], np.full(int(keep.sum()), column, dtype=np.int64), counts[keep] / n_words[lengths[keep] - 1]))
        del data, freq
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    probs = np.concatenate([p[2] for p in parts])
    del parts
    written = probs != 0.0
    rows, cols, probs = rows[written], cols[written], probs[written]

    # Which n-grams each script's candidates write; the index keeps only those.
    in_script: dict[str, np.ndarray] = {}
    for script, candidates in _SCRIPT_CANDIDATES.items():
        mask = np.zeros(n_rows, dtype=bool)
        mask[rows[np.isin(cols, [ld_index[lang] for lang in candidates])]] = True
        in_script[script] = mask
    kept = np.logical_or.reduce(list(in_script.values()))
    # Index rows in the n-grams' sorted order, so that sorting rows sorts the
    # n-grams (the sampler's order) without comparing strings.
    first_rows = np.fromiter(all_grams.values(), dtype=np.int64, count=len(all_grams))
    kept_grams = sorted(itertools.compress(all_grams, kept[first_rows].tolist()))
    gram_index = dict(zip(kept_grams, range(len(kept_grams))))
    new_row = np.full(n_rows, -1, dtype=np.int64)
    new_row[np.fromiter(map(all_grams.__getitem__, kept_grams), dtype=np.int64, count=len(kept_grams))] = np.arange(len(kept_grams))
    del all_grams, kept_grams, first_rows

    blocks: dict[str, _Block] = {}
    for script, candidates in _SCRIPT_CANDIDATES.items():
        mask = in_script[script]
        block_row = np.full(len(new_row), -1, dtype=np.int64)  # indexed by the profiles' row
        block_row[mask] = np.arange(int(mask.sum()))
        column = {lang: k for k, lang in enumerate(candidates)}
        matrix = np.zeros((int(mask.sum()), len(candidates)))
        by_column = np.full(len(ld_index), -1, dtype=np.int64)
        for lang, k in column.items():
            by_column[ld_index[lang]] = k
        cell = by_column[cols] >= 0
        matrix[block_row[rows[cell]], by_column[cols[cell]]] = probs[cell]
        row_of = np.full(int(kept.sum()), -1, dtype=np.int32)
        row_of[new_row[kept]] = block_row[kept]
        blocks[script] = _Block(row_of=row_of, column=column, matrix=matrix)
    return ld_index, gram_index, blocks


# py3langid's byte automaton (see _ByteModel.states): no state is deeper than this
# many bytes in the shipped model; a model where it fails is walked byte by byte.
_DFA_DEPTH = 6
_UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}  # by itemsize: py3langid's stdlib arrays as numpy
# Every float16 (by its bits) as float32: the conversion is exact, so a lookup equals numpy's cast.
_HALF_TO_SINGLE = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)


class _ByteModel:
    """py3langid's naive Bayes model (norm_probs), scored here with py3langid's arithmetic and less overhead.

    py3langid's rank() walks its byte automaton in Python, one dependent
    lookup a byte into a 39 MB table, and gathers each feature's row from a
    column-major table (a cache line a cell); in the pipeline, with other
    work between calls, cache misses made it ~200 us a text. Here the walk is
    vectorised and the table is row-major; the gathered matrix and every
    numpy operation on it are the ones py3langid performs, so the scores are
    bit-identical (tests/test_langid_tables.py compares the tables).
    """

    def __init__(
        self, ptc: np.ndarray, pc: np.ndarray, classes: list[str], nextmove: array | np.ndarray, row: array, output: np.ndarray,
    ) -> None:
        if len(set(classes)) != len(classes):
            raise ValueError("py3langid model with aliased classes: not supported")
        self.ptc = ptc  # float16 [feature, class], row-major
        self._ptc_bits = ptc.view(np.uint16) if ptc.dtype == np.float16 else None
        self.pc = pc
        self.classes = classes
        self.column = {c: k for k, c in enumerate(classes)}
        # State transitions, 256 a row: next = nextmove[row[state] * 256 + byte]; from the
        # cache, a read-only numpy array mapped from the file (39 MB shared by all workers).
        self._nextmove = nextmove
        self._row = row
        self._next = np.frombuffer(nextmove, dtype=_UINT[nextmove.itemsize])
        self._base = np.frombuffer(row, dtype=_UINT[row.itemsize]).astype(np.intp) << 8
        self._output = np.ascontiguousarray(output, dtype=np.int32)  # the feature a state counts, or -1
        from py3langid.langid import LanguageIdentifier as _Py3

        self._encode = _Py3._encode  # str -> NFC UTF-8 bytes, lower-cased if all capitals

    def identifier(self):
        """py3langid's LanguageIdentifier over copies of these tables, laid out as its own loader does."""
        from py3langid.langid import LanguageIdentifier as _Py3

        nextmove = self._nextmove if isinstance(self._nextmove, array) else _uint_array(self._nextmove)
        return _Py3(
            np.asfortranarray(self.ptc), self.pc, list(self.classes), nextmove, self._output.tolist(),
            norm_probs=True, tk_row=self._row,
        )

    def states(self, data: bytes) -> np.ndarray:
        """The automaton's state after each byte, as py3langid's visit_counts walks it.

        The automaton is Aho-Corasick's over py3langid's byte n-grams: the
        state after a byte is the longest suffix of the text so far that is a
        prefix of a feature, at most _DFA_DEPTH bytes. So every position is
        walked at once from the start state over its last _DFA_DEPTH bytes
        (6 numpy lookups instead of one Python step a byte, and independent
        loads instead of a chain of cache misses). The result is checked
        against the transitions (state[i] = next(state[i-1], byte[i]) for all
        i, which by induction is the sequential walk); were it wrong for some
        model, the text is walked byte by byte.
        """
        x = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
        n = len(x)
        state = np.zeros(n, dtype=np.intp)
        nextmove, base = self._next, self._base
        # take(): a third of fancy indexing's cost at this size
        for lag in range(min(_DFA_DEPTH, n) - 1, -1, -1):
            tail = state[lag:]
            tail[:] = nextmove.take(base.take(tail) + x[: n - lag])
        if n > 1 and not np.array_equal(nextmove.take(base.take(state[:-1]) + x[1:]), state[1:]):
            now = 0
            for i, byte in enumerate(x.tolist()):
                state[i] = now = self._nextmove[(self._row[now] << 8) + byte]
        return state

    def scores(self, text: str) -> list[float]:
        """py3langid's rank() as a list in class order: LanguageIdentifier._decide, norm_probs."""
        data = self._encode(text)
        # Counted as py3langid counts them: features in order of first occurrence
        # (the order of the sum below), -1 for a state that counts none.
        found = Counter(self._output[self.states(data)].tolist())
        found.pop(-1, None)
        if found:
            rows = np.fromiter(found, dtype=np.intp, count=len(found))
            counts = np.fromiter(found.values(), dtype=np.float32, count=len(found))
            # = np.log1p(counts) @ self.ptc[rows] + self.pc: matmul casts the float16 rows to
            # float32 (~1.6 ns a cell here: 2/3 of its time); the table gives the same values.
            if self._ptc_bits is not None:
                weights = _HALF_TO_SINGLE.take(self._ptc_bits.take(rows, axis=0))
            else:
                weights = self.ptc.take(rows, axis=0)
            scores = np.log1p(counts) @ weights + self.pc
        else:
            scores = np.full(len(self.classes), 0.0, dtype=np.float32)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        return scores.tolist()


def _load_py3langid(langs: list[str]) -> _ByteModel:
    """py3langid's model (norm_probs) restricted to `langs`, never holding its full model.

    The restriction is the one LanguageIdentifier.set_languages makes (the same
    columns in the same order); it is applied while reading, so the
    142-language table (27 MB) is freed at once instead of kept for a reset we
    never make, and the arrays are read one at a time (py3langid's
    modelio.load_model reads them all before converting any), which keeps the
    peak while loading ~50 MB lower. The file layout is modelio's (npz inside
    LZMA); a py3langid that changes it fails here loudly, at load.
    """
    import lzma
    import shutil
    import tempfile

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    with tempfile.TemporaryFile(suffix=".npz") as tmp:
        with lzma.open(MODEL_DIR / MODEL_FILE) as src:
            shutil.copyfileobj(src, tmp, length=1 << 20)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            classes = data["classes"].tolist()
            unknown = set(langs) - set(classes)
            if unknown:
                raise ValueError(f"py3langid lacks {sorted(unknown)}")
            wanted = set(langs)
            indices = [i for i, c in enumerate(classes) if c in wanted]
            # The largest first: read in place (never a numpy copy beside it), before
            # the freed full table raises glibc's mmap threshold and leaves heap scraps.
            nextmove = _read_uint_array(data.zip, "nextmove.npy")
            row = _uint_array(data["nextmove_row"])
            output = data["out_feat"]
            ptc = _read_columns(data.zip, "ptc.npy", indices)
            pc = data["pc"][indices]
    return _ByteModel(ptc, pc, [classes[i] for i in indices], nextmove, row, output)


def _read_uint_array(archive, member: str) -> array:
    """An .npy member of unsigned ints read straight into a stdlib array (no numpy copy beside it)."""
    with archive.open(member) as f:
        fmt = np.lib.format
        version = fmt.read_magic(f)
        read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read_header(f)
        if fortran or dtype.kind != "u" or not dtype.isnative or len(shape) != 1:
            f.seek(0)
            return _uint_array(np.lib.format.read_array(f, allow_pickle=False))
        out = array({2: "H", 4: "I", 8: "L"}[dtype.itemsize], bytes(dtype.itemsize)) * shape[0]
        view = memoryview(out).cast("B")
        done = 0
        while done < len(view):
            got = f.readinto(view[done : done + (1 << 16)])  # zipfile reads via a bytes copy: keep it small
            if not got:
                raise ValueError(f"py3langid model: {member} is truncated")
            done += got
        return out


def _read_columns(archive, member: str, columns: list[int]) -> np.ndarray:
    """`table[:, columns]` of a 2-d .npy member, read a block of rows at a time (the full table never in memory)."""
    with archive.open(member) as f:
        fmt = np.lib.format
        version = fmt.read_magic(f)
        read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
        shape, fortran, dtype = read_header(f)
        if fortran or len(shape) != 2 or dtype.hasobject:
            f.seek(0)
            return np.ascontiguousarray(fmt.read_array(f, allow_pickle=False)[:, columns])
        n_rows, width = shape
        # Row-major (numpy's own `table[:, columns]` is column-major): see _ByteModel.
        out = np.empty((n_rows, len(columns)), dtype=dtype)
        step = max(1, (1 << 16) // (width * dtype.itemsize))
        for start in range(0, n_rows, step):
            count = min(step, n_rows - start)
            raw = f.read(count * width * dtype.itemsize)
            if len(raw) != count * width * dtype.itemsize:
                raise ValueError(f"py3langid model: {member} is truncated")
            out[start : start + count] = np.frombuffer(raw, dtype=dtype).reshape(count, width)[:, columns]
        return out


def _uint_array(values: np.ndarray) -> array:
    """An unsigned numpy array as the stdlib array py3langid's DFA walk indexes (as modelio builds it)."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out


# Loading both models costs ~0.6 s CPU in every worker process (mostly
# decompressing py3langid's LZMA model, then parsing 55 JSON profiles). The
# tables kept are saved once per machine by wire/cache.py and mapped read-only
# from the file afterwards (~0.05 s; the pages are shared by all workers).
_TABLES_FORMAT = 1  # bump when the build's output or the cached layout can change for the same inputs
_Tables = tuple[dict[str, int], dict[str, int], dict[str, _Block], _ByteModel]  # ld_index, gram_index, blocks, bayes


def _build_tables() -> _Tables:
    ld_index, gram_index, blocks = _load_langdetect()
    return ld_index, gram_index, blocks, _load_py3langid(sorted({lang.split("-")[0] for lang in ld_index}))


def _tables_key() -> dict:
    """What the tables depend on: this module, both packages and their model files."""
    # ~25 ms to import, once per process (the lexicon's key imports it too).
    from importlib import metadata

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    files = []
    for path in [*_profile_paths(), MODEL_DIR / MODEL_FILE]:
        st = path.stat()
        files.append([str(path), st.st_size, st.st_mtime_ns])
    return {
        "format": _TABLES_FORMAT,
        # Any edit of this module invalidates the file (one rebuild): a build change
        # that forgets to bump _TABLES_FORMAT cannot serve stale tables.
        "module_sha256": cache.module_sha256(__file__),
        "py3langid": metadata.version("py3langid"),
        "langdetect": metadata.version("langdetect"),
        "numpy": np.__version__,
        "files": files,
        "byteorder": sys.byteorder,
    }


def _cached_tables() -> _Tables:
    return cache.cached("langid", _tables_key, _build_tables, _dump_tables, _load_tables, mmap=True)


def _dump_tables(tables: _Tables) -> tuple[dict, list]:
    """The cached form: names and shapes (JSON), the n-grams (NUL-separated UTF-8), then the arrays."""
    ld_index, gram_index, blocks, bayes = tables
    grams = list(gram_index)
    if list(gram_index.values()) != list(range(len(grams))) or any("\0" in gram for gram in grams):
        raise ValueError("gram_index not storable as a NUL-separated list")
    arrays = []
    for block in blocks.values():
        arrays += [block.row_of, block.matrix]
    arrays += [bayes.ptc, bayes.pc, bayes._next, np.frombuffer(bayes._row, dtype=_UINT[bayes._row.itemsize]), bayes._output]
    meta = {
        "ld_index": list(ld_index.items()),
        "blocks": [[script, list(block.column.items())] for script, block in blocks.items()],
        "classes": bayes.classes,
        "arrays": [[a.dtype.str, a.shape] for a in arrays],
    }
    grams_blob = "\0".join(grams).encode("utf-8", "surrogatepass")
    return meta, [grams_blob, *(np.ascontiguousarray(a) for a in arrays)]


def _load_tables(meta: dict, parts: list[memoryview]) -> _Tables:
    """The inverse of _dump_tables; the arrays are read-only views of the mapped file."""
    grams_blob, *array_parts = parts
    arrays = iter([
        np.frombuffer(part, dtype=np.dtype(dtype)).reshape(shape)
        for part, (dtype, shape) in zip(array_parts, meta["arrays"], strict=True)
    ])
    grams = str(grams_blob, "utf-8", "surrogatepass").split("\0") if len(grams_blob) else []
    gram_index = dict(zip(grams, range(len(grams))))
    blocks = {}
    for script, column in meta["blocks"]:
        row_of, matrix = next(arrays), next(arrays)
        if len(row_of) != len(gram_index):
            raise ValueError("langid cache: row_of does not fit gram_index")
        blocks[script] = _Block(row_of=row_of, column=dict(column), matrix=matrix)
    ptc, pc, nextmove, row, output = arrays
    bayes = _ByteModel(ptc, pc, meta["classes"], nextmove, _uint_array(row), output)
    return dict(meta["ld_index"]), gram_index, blocks, bayes


_MODELS: _Models | None = None
_MODELS_LOCK = threading.Lock()


def _shared_models() -> _Models:
    """Load once per process: every DoFn instance (Beam makes one per thread) shares ~75 MB of tables."""
    global _MODELS
    with _MODELS_LOCK:
        if _MODELS is None:
            _MODELS = _Models()
        return _MODELS


class LanguageIdentifier:
    """Cheap to construct after the first one (the models are shared); `detect()` is thread-safe."""

    def __init__(self, min_score: float = DEFAULT_MIN_SCORE, prefix_chars: int = DEFAULT_PREFIX_CHARS) -> None:
        validate_settings(min_score, prefix_chars)
        self.min_score = min_score
        self.prefix_chars = prefix_chars
        models = _shared_models()
        self._lock = models.lock
        self._gram_index = models.gram_index
        self._blocks = models.blocks
        self._normal = models.normal
        self._word_grams = models.word_grams
        self._normalize_vi = models.normalize_vi
        self._scripts = models.scripts
        self._bayes = models.bayes
        self._bayes_columns = models.bayes_columns
        self._sampler = models.sampler
        # Recent sampled answers by (prepared text, declared language): teaser cards
        # (headline + summary, short, so always sampled) recur on every page of a
        # site that links the story; on the golden corpus a third of the sampled
        # texts are repeats, and skipping them saves ~1/3 of the stage's CPU (measured
        # with a new identifier per pass, so only repeats within a pass count).
        # detect() is a pure function of that key and the settings, so a hit is
        # exactly what recomputing gives. Per identifier, bounded, emptied when full;
        # threads may race on a miss and store the same value.
        self._recent: dict[tuple[str, str | None], LanguageResult] = {}

    # -- evidence ------------------------------------------------------------
    def _second_opinion(self, text: str, script: str) -> dict[str, float]:
        """py3langid's probabilities renormalised over the candidates."""
        scores = self._bayes.scores(text)
        # zh-cn and zh-tw share py3langid's "zh": split it evenly, langdetect tells them apart.
        probs = {lang: scores[column] / shared for lang, column, shared in self._bayes_columns[script]}
        total = sum(probs.values())
        if total <= 0.0:
            return {lang: 1.0 / len(probs) for lang in probs}
        return {lang: p / total for lang, p in probs.items()}

    def _ngrams(self, text: str, drop_ascii: bool) -> tuple[np.ndarray, np.ndarray]:
        """The 1-3 grams langdetect would sample, as sorted gram_index rows and their counts.

        Same rules as langdetect's NGram buffer (grams stay inside a word, a
        word starts with a space, all-capital words are skipped), computed per
        word, whose known grams are remembered (see _WordGrams): most words of
        a text were seen before, and cutting and looking up grams was most of
        the cost. Rows are numbered in the grams' sorted order (see
        _load_langdetect), so sorted rows are sorted grams.
        """
        text = self._normalize_vi(text)
        if drop_ascii:
            # langdetect drops Latin letters from mostly non-Latin text.
            text = text.translate(_ASCII_LETTERS)
        text = text.translate(self._normal)
        words = text.split(" ")
        # Only the last word has no space after it.
        tail = words.pop()
        grams_of = self._word_grams
        rows = [grams_of[" " + word + " "] for word in words if word]
        if tail:
            rows.append(grams_of[" " + tail])
        return np.unique(np.frombuffer(b"".join(rows), dtype=np.intc), return_counts=True)

    def _sample(self, ngrams: tuple[np.ndarray, np.ndarray], priors: dict[str, float], script: str) -> dict[str, float]:
        """langdetect's sampling algorithm, seeded, over the shortlist only, in log space with numpy.

        As in langdetect: 7 trials; each draws n-grams at random (weighted by
        how often they occur), multiplies every language's probability by
        alpha/10000 + P(gram | language) with a jittered alpha, and stops at
        the first check (every 5th draw) where one language holds 0.99999, or
        after 1,000 draws; the result is the mean over trials. Draws come in
        chunks so a trial that converges early costs little.

        Cost is numpy's per-call overhead, not arithmetic (~120 rows x 6
        languages): the logs are taken once per (trial, row) instead of per
        draw, and the draws for several chunks come from one call (the
        generator's stream is the same however it is cut). Each value is still
        computed by the same numpy operation on the same operands, so results
        are bit-identical.
        """
        langs = sorted(priors)
        total = sum(priors[lang] for lang in langs)
        start = np.array([priors[lang] / total for lang in langs])
        # The grams come sorted (see _ngrams), so the seeded draws never depend on dict order.
        grams, counts = ngrams
        block = self._blocks[script]
        at = block.row_of[grams]
        written = at >= 0
        # take(): a third of fancy indexing's cost at this size
        matrix = block.matrix.take(at[written], axis=0).take([block.column[lang] for lang in langs], axis=1)
        # A gram none of the shortlist writes says nothing (langdetect would multiply
        # every language by the same alpha): its row is dropped.
        useful = matrix.any(axis=1)
        if not useful.any():
            return dict(zip(langs, start.tolist()))
        matrix = matrix[useful]
        rows = len(matrix)
        pool = np.repeat(np.arange(rows), counts[written][useful])
        sampler = self._sampler
        rng = sampler.restart()
        # log(weight of trial t + P(gram r | language)) at [t * rows + r]: every draw only looks up.
        steps = np.log(sampler.weights[:, None, None] + matrix).reshape(_TRIALS * rows, len(langs))
        # The draws (as pool rows), for two chunks of all trials; more come when needed.
        stream = pool[rng.integers(0, len(pool), size=_TRIALS * _CHUNK * 2)]
        used = 0
        # All trials advance together, one chunk of draws at a time; a trial
        # leaves the batch at its first converged check. Rows of `log_prob`
        # and `offsets` follow `active`; [trial, 1, language].
        log_prob = np.log(start)[None, None, :]
        finals = np.empty((_TRIALS, len(langs)))
        active = np.arange(_TRIALS)
        offsets = (active * rows)[:, None]
        for begin in range(0, _ITERATION_LIMIT + 1, _CHUNK):
            need = len(active) * _CHUNK
            if used + need > len(stream):
                stream = np.concatenate([stream[used:], pool[rng.integers(0, len(pool), size=_TRIALS * _CHUNK * 4)]])
                used = 0
            path = steps.take(stream[used : used + need].reshape(len(active), _CHUNK) + offsets, axis=0)
            np.cumsum(path, axis=1, out=path)
            used += need
            path += log_prob
            # Checks fall on draw numbers 0, 5, 10, ... (0-based), as in langdetect.
            checks = path[:, 0 : _ITERATION_LIMIT - begin + 1 : 5, :]
            # = 1 / exp(checks - checks.max(...)).sum(axis=2); the ufunc methods skip the wrappers' cost.
            share = 1.0 / np.add.reduce(np.exp(checks - np.maximum.reduce(checks, axis=2, keepdims=True)), axis=2)
            converged = share > _CONVERGED
            done = converged.any(axis=1)
            if begin + _CHUNK > _ITERATION_LIMIT:
                # The last chunk: a trial that never converged ends at its last check.
                finals[active] = checks[np.arange(len(active)), np.where(done, converged.argmax(axis=1), -1)]
                break
            if not done.any():
                log_prob = path[:, -1:]
                continue
            finals[active[done]] = checks[done, converged[done].argmax(axis=1)]
            if done.all():
                break
            still = ~done
            active, offsets, log_prob = active[still], offsets[still], path[still, -1:]
        finals = np.exp(finals - finals.max(axis=1, keepdims=True))
        result = (finals / finals.sum(axis=1, keepdims=True)).mean(axis=0)
        return dict(zip(langs, result.tolist()))

    def _script_stats(self, sample: str) -> tuple[dict[str, int], dict[str, int]]:
        """Letters per script (a CJK or Hangul character counts double) and the marker letters seen."""
        counts: dict[str, int] = {}
        marks: dict[str, int] = {}
        # ASCII letters are Latin and none is a marker letter: counted in C, which
        # leaves the loop below only the few other characters of most texts.
        ascii_bytes = sample.encode("ascii", "ignore")
        latin = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTER_BYTES))
        if latin:
            counts["Latin"] = latin
        if sample.isascii():
            return counts, marks
        scripts = self._scripts
        for ch, n in Counter("".join(_NON_ASCII_RE.findall(sample))).items():
            script = scripts.get(ch)
            if script is None:
                script = scripts[ch] = _script_of(ch) if _is_letter(ch) else ""
            if not script:
                continue
            counts[script] = counts.get(script, 0) + (n * _SYLLABIC_WEIGHT if script in _SYLLABIC else n)
            if ch in _LETTER_USERS:
                marks[ch] = n
        return counts, marks

    # -- the decision ----------------------------------------------------------
    def detect(self, text: str, declared: str | None = None) -> LanguageResult:
        sample = prepare_text(text, self.prefix_chars)
        key = (sample, declared)
        known = self._recent.get(key)
        if known is not None:
            return known
        declared_tag = to_bcp47(declared) if declared else None
        declared_primary = primary_subtag(declared_tag)

        counts, marks = self._script_stats(sample)
        letters = sum(counts.values())
        if not letters:
            return self._finish(UND, 0.0, "no-letters", UND, 0, None, declared_tag)
        script = max(sorted(counts), key=lambda s: counts[s])
        # Japanese mixes kanji and kana; Chinese writes no kana.
        if script == "Han" and counts.get("Kana", 0) * 10 >= counts["Han"]:
            script = "Kana"
        length = _length_factor(letters)

        owner = _SCRIPT_OWNER.get(script)
        if owner is not None:
            # Kana is Japanese, Hangul Korean, Greek Greek: no statistics involved,
            # so a couple of characters already carry most of the confidence.
            share = counts.get(script, 0) + (counts.get("Han", 0) if script == "Kana" else 0)
            score = _length_factor(letters, SCRIPT_HALF_CONFIDENCE_LETTERS) * share / letters
            return self._finish(owner, score, "script", owner, letters, script, declared_tag, 1.0, 1.0, 1.0)
        candidates = _SCRIPT_CANDIDATES.get(script)
        if candidates is None:
            return self._finish(UND, 0.0, "no-letters", UND, letters, script, declared_tag)

        priors = dict(_BASE_PRIORS[script])
        for ch, n in marks.items():
            users = _LETTER_USERS[ch]
            for lang in candidates:
                if lang not in users:
                    priors[lang] *= FOREIGN_LETTER_PENALTY ** min(n, MAX_MARKS)
        if declared_primary:
            for lang in candidates:
                if lang[:2] == declared_primary:
                    priors[lang] *= DECLARED_BOOST
        if marks:
            # Without marker letters no prior is near the floor (the least is 0.1, the
            # greatest x 1e-9 is below 2e-8), so it is only applied after penalties.
            floor = max(priors.values()) * 1e-9
            priors = {lang: max(p, floor) for lang, p in priors.items()}

        second = self._second_opinion(sample, script)
        weighted = {lang: second[lang] * priors[lang] for lang in candidates}
        total = sum(weighted.values())
        weighted = {lang: p / total for lang, p in weighted.items()}
        shortlist = sorted(candidates, key=lambda lang: (-weighted[lang], lang))[:SHORTLIST]
        if declared_primary:
            shortlist += [c for c in candidates if c[:2] == declared_primary and c not in shortlist]

        leader = shortlist[0]
        runner_up = max((weighted[lang] for lang in shortlist[1:]), default=0.0)
        decisive = (
            script != "Han"  # py3langid cannot tell zh-CN from zh-TW; langdetect must
            and letters >= DECISIVE_LETTERS
            and weighted[leader] * LD_SMOOTH > runner_up * (1.0 + LD_SMOOTH)
            and (not declared_primary or leader[:2] == declared_primary)
        )
        if decisive:
            # No langdetect verdict (0..1) can overturn this lead in the joint
            # vote below, so its sampler is skipped: most of the stage's time on
            # news bodies. The score takes the worst case (langdetect against).
            sampled = {lang: (0.0 if lang == leader else 1.0) for lang in shortlist}
        else:
            ngrams = self._ngrams(sample, drop_ascii=script != "Latin")
            with self._lock:
                sampled = self._sample(ngrams, {lang: priors[lang] for lang in shortlist}, script)

        joint = {lang: (sampled[lang] + LD_SMOOTH) * weighted[lang] for lang in shortlist}
        total = sum(joint.values())
        joint = {lang: p / total for lang, p in joint.items()}
        best = min(shortlist, key=lambda lang: (-joint[lang], lang))
        if script == "Han":
            best = min(shortlist, key=lambda lang: (-sampled[lang], lang))
        agree = best == min(shortlist, key=lambda lang: (-weighted[lang], lang)) == min(
            shortlist, key=lambda lang: (-sampled[lang], lang)
        )
        reason = "decisive" if decisive else "agree" if agree else "disagree"
        if declared_primary and best[:2] != declared_primary:
            # A near-tie goes to the page's declared language; a clear verdict never does.
            rivals = [lang for lang in shortlist if lang[:2] == declared_primary]
            if rivals:
                rival = min(rivals, key=lambda lang: (-joint[lang], lang))
                if joint[rival] >= DECLARED_TIE * joint[best]:
                    best, reason = rival, "declared-tie"
        # The score is about the language, not the region: zh-cn and zh-tw pool.
        if script == "Han":
            p_ld, p_py, p_joint = (
                sum(v for k, v in d.items() if k[:2] == best[:2]) for d in (sampled, weighted, joint)
            )
        else:
            # No two candidates of the other scripts share a primary subtag: the sums above
            # would each be one term (0 + p, which is p).
            p_ld, p_py, p_joint = sampled[best], weighted[best], joint[best]
        if script == "Han":
            # Han without kana is Chinese (kanji-only Japanese is the known exception);
            # the models only choose between zh-CN and zh-TW, which the score ignores.
            score = _length_factor(letters, SCRIPT_HALF_CONFIDENCE_LETTERS) * counts["Han"] / letters
            reason = "script"
        else:
            blend = 1.0 - math.exp(-letters / LONG_TEXT_LETTERS)
            score = length * (blend * p_joint + (1.0 - blend) * p_py)
        result = self._finish(
            best, score, reason, best, letters, script, declared_tag, p_ld, p_py, p_joint,
        )
        if not decisive:
            # Only sampled answers are kept (the costly ones; bodies are mostly decisive).
            if len(self._recent) >= _RECENT_LIMIT:
                self._recent.clear()
            self._recent[key] = result
        return result

    def _finish(
        self,
        lang: str,
        score: float,
        reason: str,
        candidate: str,
        letters: int,
        script: str | None,
        declared: str | None,
        sampled_prob: float = 0.0,
        second_prob: float = 0.0,
        joint_prob: float = 0.0,
    ) -> LanguageResult:
        score = round(max(0.0, min(1.0, score)), 4)
        candidate = to_bcp47(candidate) if candidate != UND else UND
        language = candidate
        if language != UND and score < self.min_score:
            language = UND
            reason = "low-score"
        disagreed = bool(
            declared and language != UND and primary_subtag(declared) != primary_subtag(language)
        )
        return LanguageResult(
            language=language,
            score=score,
            reason=reason,
            candidate=candidate,
            letters=letters,
            sampled_prob=round(sampled_prob, 4),
            second_prob=round(second_prob, 4),
            joint_prob=round(joint_prob, 4),
            script=script,
            declared=declared,
            disagreed_with_declared=disagreed,
        )


def _word_grams(padded: str) -> list[str]:
    """1-3 grams of one space-padded word, skipping the run of an all-capital word as langdetect does."""
    if not any(a.isupper() and b.isupper() for a, b in pairwise(padded)):
        # No two capitals in a row: langdetect's capital-word rule never fires.
        size = len(padded)
        return (
            [c for c in padded[1:] if c != " "]
            + [padded[i : i + 2] for i in range(size - 1)]
            + [padded[i : i + 3] for i in range(size - 2)]
        )
    out: list[str] = []
    capital = False
    for i in range(1, len(padded)):
        ch = padded[i]
        if ch.isupper():
            if padded[i - 1].isupper():
                capital = True
        else:
            capital = False
        if capital:
            continue
        if ch != " ":
            out.append(ch)
        out.append(padded[i - 1 : i + 1])
        if i >= 2:
            out.append(padded[i - 2 : i + 1])
    return out


def _length_factor(letters: int, half: float | None = None) -> float:
    """Confidence a text of this many letters can carry at most: 1/2 at `half` (HALF_CONFIDENCE_LETTERS)."""
    return 1.0 - math.exp(-letters * math.log(2) / (half or HALF_CONFIDENCE_LETTERS))


def article_text(article: Article, prefix_chars: int = DEFAULT_PREFIX_CHARS) -> str:
    """The text to identify: a body prefix, or headline + summary (+ body) for teasers and short bodies."""
    body = article.body
    if article.representation == "partial" or len(body) < SHORT_BODY_CHARS:
        parts = [article.headline or "", article.summary or "", body]
        return "\n".join(p for p in parts if p)[: prefix_chars * 2]
    return body[: prefix_chars * 2]


def detect_article_with_result(identifier: LanguageIdentifier, article: Article) -> tuple[Article, LanguageResult]:
    """`detect_article` plus the evidence, for callers that count outcomes (the Beam stage)."""
    result = identifier.detect(article_text(article, identifier.prefix_chars), article.declared_language)
    return article.replace(language=result.language, language_score=result.score), result


def detect_article(identifier: LanguageIdentifier, article: Article) -> Article:
    """Set `language` / `language_score` on the article; the declared language is evidence only."""
    return detect_article_with_result(identifier, article)[0]


__all__ = [
    "UND",
    "LanguageIdentifier",
    "LanguageResult",
    "article_text",
    "detect_article",
    "detect_article_with_result",
    "prepare_text",
    "primary_subtag",
    "to_bcp47",
    "validate_settings",
]
