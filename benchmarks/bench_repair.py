"""Acceptance numbers for mojibake repair (issue 4), beside ftfy on the same cases.

    python benchmarks/bench_repair.py [--per-pair N] [--quick]

Prints and writes benchmarks/results/repair.json:
1. ftfy's own cases (../shared/data/ftfy-cases): right answers of ours vs
   ftfy.fix_text / ftfy.fix_encoding on the "pass" cases; negative.json unchanged;
   known-failures fixed.
2. Seeded single-byte swaps over langid sentences and aeb ground-truth names,
   per codec pair, whole texts and one span inside a clean English sentence:
   token precision / recall, ours beside ftfy.fix_text.
3. Clean text: changes on langid sentences that ftfy.fix_encoding leaves alone,
   on every aeb ground-truth body, on ftfy's negatives; and what happens to the
   langid sentences that are themselves broken. A changed sentence counts as
   broken rather than clean only by `self_broken` (one general rule: a changed
   token implausible in the sentence's language that the repair turns into
   dictionary words, or U+FFFD in the sentence); both numbers are printed.
   Such sentences are also kept out of the swap generator's pool (no ground truth).
4. Speed (chars/s of repair_article on aeb bodies vs ftfy.fix_text, same run)
   and the lexicon's memory (RSS of a fresh process before/after loading it).

Caveat: the rules of wire/repair.py were developed while looking at these same
data sets (the generator's sentences, the ftfy cases); numbers on unseen text
will be lower. The swap generator draws its samples with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

import wire.repair as R  # noqa: E402
from wire.records import Article  # noqa: E402
from wire.repair import get_lexicon, repair_article_explained, repair_text  # noqa: E402

# --- codecs as a browser would decode (undefined bytes fall back to Latin-1) -----------

# Python's codec names: the repairer's own table, plus the two Western ones it handles as "W".
_PY = {"latin-1": "latin-1", "cp1252": "cp1252", **R._PY_CODEC}


def _lenient_decode(data: bytes, codec: str) -> str:
    return "".join(bytes([b]).decode(_PY[codec], errors="ignore") or chr(b) for b in data)


def corrupt(text: str, enc: str, dec: str) -> str | None:
    try:
        data = text.encode(_PY[enc])
    except UnicodeEncodeError:
        return None
    return _lenient_decode(data, dec)


WESTERN = ("de", "fr", "es", "pt", "it", "nl", "sv")
CENTRAL = ("cs", "pl")
CYRILLIC = ("ru",)

# (encoded-as, decoded-as, source languages, family)
SWAP_PAIRS = [
    ("latin-1", "mac-roman", WESTERN, "western"),
    ("mac-roman", "latin-1", WESTERN, "western"),
    ("mac-roman", "cp1252", WESTERN, "western"),
    ("latin-1", "cp437", WESTERN, "western"),
    ("cp437", "latin-1", WESTERN, "western"),
    ("cp437", "cp1252", WESTERN, "western"),
    ("latin-1", "cp850", WESTERN, "western"),
    ("cp850", "latin-1", WESTERN, "western"),
    ("cp850", "cp1252", WESTERN, "western"),
    ("cp1250", "cp1252", CENTRAL, "central"),
    ("cp1250", "latin-1", CENTRAL, "central"),
    ("iso-8859-2", "cp1252", CENTRAL, "central"),
    ("iso-8859-2", "latin-1", CENTRAL, "central"),
    ("cp1252", "cp1250", WESTERN, "central"),
    ("latin-1", "iso-8859-2", WESTERN, "central"),
    ("cp1251", "koi8-r", CYRILLIC, "cyrillic"),
    ("koi8-r", "cp1251", CYRILLIC, "cyrillic"),
    ("cp1251", "cp1252", CYRILLIC, "cyrillic"),
]


def load_sentences(lang: str, folder: str = "sentences") -> list[str]:
    lines = (DATA / "langid" / folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    return [s for s in lines if s.strip()]


def aeb_bodies() -> list[str]:
    gt = json.loads((DATA / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    return [v["articleBody"] for _, v in sorted(gt.items())]


def aeb_names() -> list[str]:
    names = set()
    for body in aeb_bodies():
        for m in re.finditer(r"(?:[A-ZÀ-ÞĀ-Ž][\w'’-]+ ){0,2}[A-ZÀ-ÞĀ-Ž]?[\w'’-]*[À-ɏ][\w'’-]*", body):
            span = m.group().strip()
            if span and span[0].isupper() and not span.isascii():
                names.add(span)
    return sorted(names)


def _tokens(text: str) -> list[str]:
    return text.split(" ")


def token_scores(clean: str, broken: str, output: str) -> tuple[int, int, int, int]:
    """(broken tokens, changed tokens, changed-and-right, broken-and-right)."""
    c, b, o = _tokens(clean), _tokens(broken), _tokens(output)
    if not (len(c) == len(b) == len(o)):
        n_broken = sum(1 for x, y in zip(c, b) if x != y) if len(c) == len(b) else len(c)
        return n_broken, max(1, n_broken), 0, 0
    n_broken = n_changed = changed_right = broken_right = 0
    for x, y, z in zip(c, b, o):
        if x != y:
            n_broken += 1
            if z == x:
                broken_right += 1
        if z != y:
            n_changed += 1
            if z == x:
                changed_right += 1
    return n_broken, n_changed, changed_right, broken_right


def ours(text: str) -> str:
    return repair_text(text)[0]


def swap_benchmark(per_pair: int, seed: int = 20261127, folder: str = "sentences") -> dict:
    """folder="word-pairs" is the held-out run: texts the repair rules were never tuned on."""
    rng = random.Random(seed)
    english = [s for s in load_sentences("en") if s.isascii() and 40 < len(s) < 200]
    sentences = {lang: load_sentences(lang, folder) for lang in {*WESTERN, *CENTRAL, *CYRILLIC}}
    names = aeb_names() if folder == "sentences" else []
    results = {}
    for enc, dec, langs, family in SWAP_PAIRS:
        cases = []  # (mode, clean, broken)
        pool = [
            s
            for lang in langs
            for s in sentences[lang]
            if not s.isascii() and ftfy.fix_encoding(s) == s and "\ufffd" not in s and not corpus_broken(lang, s)
            and not ((mine := ours(s)) != s and self_broken(lang, s, mine))  # a broken sentence is no ground truth
        ]
        rng.shuffle(pool)
        for s in pool:
            if len([c for c in cases if c[0] == "whole"]) >= per_pair:
                break
            b = corrupt(s, enc, dec)
            if b is not None and b != s:
                cases.append(("whole", s, b))
        # Spans inside clean English: a name from the aeb bodies or words of the pool.
        span_sources = [n for n in names if corrupt(n, enc, dec) not in (None, n)] if family != "cyrillic" else []
        word_spans = []
        for s in pool[: per_pair * 4]:
            words = [w for w in s.split(" ") if not w.isascii()]
            if words:
                word_spans.append(rng.choice(words).strip(".,;:!?\"()«»"))
        span_sources = span_sources + word_spans
        rng.shuffle(span_sources)
        for span in span_sources[:per_pair]:
            b = corrupt(span, enc, dec)
            if b is None or b == span or not span:
                continue
            host = rng.choice(english).split(" ")
            at = rng.randrange(1, len(host))
            clean = " ".join(host[:at] + [span] + host[at:])
            broken = " ".join(host[:at] + [b] + host[at:])
            cases.append(("span", clean, broken))
        row = {}
        for who, fn in (("ours", ours), ("ftfy", ftfy.fix_text)):
            tot = defaultdict(int)
            for mode, clean, broken in cases:
                nb, nc, cr, br = token_scores(clean, broken, fn(broken))
                for key, val in (("broken", nb), ("changed", nc), ("changed_right", cr), ("broken_right", br)):
                    tot[key] += val
                    tot[f"{mode}_{key}"] += val
            row[who] = {
                "precision": tot["changed_right"] / tot["changed"] if tot["changed"] else 1.0,
                "recall": tot["broken_right"] / tot["broken"] if tot["broken"] else 1.0,
                "whole_recall": tot["whole_broken_right"] / tot["whole_broken"] if tot["whole_broken"] else 1.0,
                "span_recall": tot["span_broken_right"] / tot["span_broken"] if tot["span_broken"] else 1.0,
                **dict(tot),
            }
        row["cases"] = len(cases)
        row["family"] = family
        results[f"{enc}/{dec}"] = row
    return results


def ftfy_cases() -> dict:
    base = DATA / "ftfy-cases"
    out = {}
    for name in ("in-the-wild", "synthetic", "language-names"):
        cases = [c for c in json.loads((base / f"{name}.json").read_text(encoding="utf-8")) if c["expect"] == "pass"]
        ok_ours = sum(ours(c["original"]) == c.get("fixed-encoding", c["fixed"]) for c in cases)
        ok_fix_text = sum(ftfy.fix_text(c["original"]) == c["fixed"] for c in cases)
        ok_fix_enc = sum(ftfy.fix_encoding(c["original"]) == c.get("fixed-encoding", c["fixed"]) for c in cases)
        wrong = [c["label"] for c in cases if ours(c["original"]) != c.get("fixed-encoding", c["fixed"])]
        out[name] = {"cases": len(cases), "ours": ok_ours, "ftfy.fix_text": ok_fix_text, "ftfy.fix_encoding": ok_fix_enc, "ours_wrong": wrong}
    neg = json.loads((base / "negative.json").read_text(encoding="utf-8"))
    changed = [c["label"] for c in neg if ours(c["original"]) not in (c["original"], c.get("fixed-encoding", c["fixed"]))]
    out["negative"] = {"cases": len(neg), "ours_changed": len(changed), "changed_labels": changed,
                       "ftfy.fix_encoding_changed": sum(ftfy.fix_encoding(c["original"]) != c["original"] for c in neg)}
    kf = json.loads((base / "known-failures.json").read_text(encoding="utf-8"))
    fixed = [c["label"] for c in kf if ours(c["original"]) in (c["fixed"], c.get("fixed-encoding", c["fixed"])) and c["fixed"] != c["original"]]
    out["known-failures"] = {"cases": len(kf), "ours_fixed": len(fixed), "fixed_labels": fixed,
                             "ftfy.fix_text_fixed": sum(ftfy.fix_text(c["original"]) == c["fixed"] and c["fixed"] != c["original"] for c in kf)}
    return out


# Sentences of the lingua corpus that are broken in ways ftfy cannot see, told
# apart by letters their language never uses: Turkish cp1254 read as Latin-1
# ("iþleri" for "işleri"), Czech ISO-8859-2 read as cp1250 ("vąechno" for "všechno").
_CORPUS_BROKEN = {"tr": re.compile(r"[ýþðÝÞÐ]"), "cs": re.compile(r"[ąľĄĽ]|[a-zá-ž]»[a-zá-ž]")}


def corpus_broken(lang: str, text: str) -> bool:
    pattern = _CORPUS_BROKEN.get(lang)
    return bool(pattern and pattern.search(text))


def self_broken(lang: str, before: str, after: str) -> bool:
    """A sentence of the corpus that is itself broken, told by one general rule.

    Some token that the repair changed is implausible in the sentence's language
    (a sign or case switch inside a word, or a word whose accented letters or
    letter pairs that language does not use, by the same wordfreq-built tables
    the repairer uses, or an apostrophe inside a word that reads as no elision
    or contraction) AND the repair turns it into dictionary words. A sentence
    holding U+FFFD lost bytes in a wrong decode and is broken by definition. Sentences
    that only meet one half stay clean: a change to them counts as a false repair.
    """
    lex = get_lexicon()
    try:
        i = R.LEXICON_LANGUAGES.index(lang)
        shapes = [(lex.alphabets[i], lex.bigrams[i])]
    except ValueError:
        shapes = list(zip(lex.alphabets, lex.bigrams))

    def fits_language(word: str) -> bool:
        low = word.casefold()
        letters = {ch for ch in low if ch > "\x7f"}
        padded = f"^{low}$"
        pairs = {padded[j : j + 2] for j in range(len(padded) - 1)}
        pairs = {p for p in pairs if p[0] > "\x7f" or p[1] > "\x7f"}
        return any(letters <= a and pairs <= b for a, b in shapes)

    if "\ufffd" in before:
        return True  # U+FFFD: the corpus itself lost bytes in a wrong decode
    b_tokens, a_tokens = before.split(), after.split()
    if len(b_tokens) != len(a_tokens):
        return False
    for x, y in zip(b_tokens, a_tokens):
        if x == y:
            continue
        sx, ex = R._strip_edges(x)
        sy, ey = R._strip_edges(y)
        core_x, core_y = x[sx:ex], y[sy:ey]
        implausible = (
            R._strong_break(core_x)
            or bool(R._INNER_APOSTROPHE_RE.search(core_x) and not R._apostrophe_known(core_x, lex))
        ) or not all(fits_language(w) for w in R._words(core_x) if not w.isascii())
        words_y = R._words(core_y)
        if implausible and words_y and all(R._is_known(w, lex) for w in words_y):
            return True
    return False


def clean_text() -> dict:
    out = {}
    langid_total = langid_changed = 0
    changed_examples = []
    self_broken_changed = 0
    self_broken_examples = []
    corpus_broken_total = corpus_broken_changed = 0
    broken_total = broken_changed = broken_agree = 0
    broken_examples = []
    for path in sorted((DATA / "langid" / "sentences").glob("*.txt")):
        for s in load_sentences(path.stem):
            fixed_enc = ftfy.fix_encoding(s)
            mine = ours(s)
            if fixed_enc == s and corpus_broken(path.stem, s):
                corpus_broken_total += 1
                corpus_broken_changed += mine != s
            elif fixed_enc == s:
                langid_total += 1
                if mine != s and self_broken(path.stem, s, mine):
                    self_broken_changed += 1
                    self_broken_examples.append([path.stem, s, mine])
                elif mine != s:
                    langid_changed += 1
                    if len(changed_examples) < 40:
                        changed_examples.append([path.stem, s, mine])
            else:
                broken_total += 1
                broken_changed += mine != s
                broken_agree += mine == fixed_enc
                if len(broken_examples) < 40:
                    broken_examples.append([path.stem, s, mine])
    out["langid_clean"] = {"sentences": langid_total, "changed": langid_changed, "examples": changed_examples,
                           "self_broken_repaired": self_broken_changed, "self_broken_examples": self_broken_examples[:40]}
    out["langid_corpus_broken"] = {"sentences": corpus_broken_total, "changed_by_ours": corpus_broken_changed}
    out["langid_broken_by_ftfy"] = {"sentences": broken_total, "changed_by_ours": broken_changed,
                                    "same_as_ftfy.fix_encoding": broken_agree, "examples": broken_examples}
    # sample_200_per_lang.tsv: the 4,000-sentence sample the language-id stage uses.
    rows = [line.split("\t", 1) for line in (DATA / "langid" / "sample_200_per_lang.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    sample_broken = [(lang, s) for lang, s in rows if ftfy.fix_encoding(s) != s]
    sample_corpus_broken = [(lang, s) for lang, s in rows if ftfy.fix_encoding(s) == s and corpus_broken(lang, s)]
    sample_changed = [
        (lang, s) for lang, s in rows if ftfy.fix_encoding(s) == s and not corpus_broken(lang, s) and ours(s) != s
    ]
    sample_self_broken = [(lang, s) for lang, s in sample_changed if self_broken(lang, s, ours(s))]
    sample_clean_changed = [row for row in sample_changed if row not in sample_self_broken]
    out["sample_200_per_lang"] = {
        "rows": len(rows),
        "broken_by_ftfy": len(sample_broken),
        "broken_repaired_by_ours": sum(ours(s) != s for _, s in sample_broken),
        "corpus_broken": len(sample_corpus_broken),
        "corpus_broken_repaired_by_ours": sum(ours(s) != s for _, s in sample_corpus_broken),
        "clean_changed_by_ours": len(sample_clean_changed),
        "self_broken_repaired_by_ours": len(sample_self_broken),
        "clean_changed_examples": sample_clean_changed[:20],
    }
    bodies = aeb_bodies()
    aeb_changed = [(i, b) for i, b in enumerate(bodies) if ours(b) != b]
    out["aeb_bodies"] = {"bodies": len(bodies), "changed": len(aeb_changed),
                         "examples": [[i, repair_text(b)[1][:3]] for i, b in aeb_changed[:10]]}
    return out


def speed() -> dict:
    bodies = aeb_bodies()
    articles = [
        Article(uri=f"u{i}", role="main", position=0, representation="full", input_uri=f"aeb/{i}", input_sha256="",
                paragraphs=tuple(p for p in b.split("\n") if p.strip()))
        for i, b in enumerate(bodies)
    ]
    chars = sum(len(p) for a in articles for p in a.paragraphs)
    get_lexicon()
    best = {}
    for _ in range(3):
        t = time.perf_counter()
        for a in articles:
            repair_article_explained(a)
        best["ours"] = min(best.get("ours", 1e9), time.perf_counter() - t)
        t = time.perf_counter()
        for a in articles:
            for p in a.paragraphs:
                ftfy.fix_text(p)
        best["ftfy"] = min(best.get("ftfy", 1e9), time.perf_counter() - t)
    return {
        "chars": chars,
        "ours_chars_per_s": chars / best["ours"],
        "ftfy_fix_text_chars_per_s": chars / best["ftfy"],
        "ratio_ours_over_ftfy": best["ftfy"] / best["ours"],
    }


def memory() -> dict:
    code = (
        "import psutil, time, sys; sys.path.insert(0, %r); p = psutil.Process(); import wire.repair as r; "
        "m0 = p.memory_info().rss; t = time.perf_counter(); r.get_lexicon(); dt = time.perf_counter() - t; "
        "import gc; gc.collect(); print(m0, p.memory_info().rss, dt)" % str(ROOT)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    before, after, seconds = int(out[0]), int(out[1]), float(out[2])
    return {"rss_before_mb": before / 1e6, "rss_after_mb": after / 1e6, "lexicon_mb": (after - before) / 1e6, "load_seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-pair", type=int, default=150, help="samples per codec pair and mode")
    ap.add_argument("--quick", action="store_true", help="swap generator only, 40 per pair")
    args = ap.parse_args(argv)
    report: dict = {}
    get_lexicon()
    if args.quick:
        args.per_pair = 40
    report["ftfy_cases"] = ftfy_cases()
    fc = report["ftfy_cases"]
    print("== ftfy cases (right answers; ours vs fixed-encoding, fix_text vs fixed)")
    for name in ("in-the-wild", "synthetic", "language-names"):
        r = fc[name]
        print(f"  {name:15s} {r['cases']:3d} cases  ours {r['ours']:3d}  ftfy.fix_text {r['ftfy.fix_text']:3d}  ftfy.fix_encoding {r['ftfy.fix_encoding']:3d}  ours wrong: {r['ours_wrong']}")
    print(f"  negative        {fc['negative']['cases']:3d} cases  changed by ours {fc['negative']['ours_changed']} {fc['negative']['changed_labels']}")
    print(f"  known-failures  {fc['known-failures']['cases']:3d} cases  fixed by ours {fc['known-failures']['ours_fixed']} (ftfy.fix_text {fc['known-failures']['ftfy.fix_text_fixed']}): {fc['known-failures']['fixed_labels']}")

    for folder, key, title in (
        ("sentences", "swaps", "single-byte swaps over langid sentences + aeb names (the data the rules were tuned on)"),
        ("word-pairs", "swaps_heldout", "HELD OUT: the same swaps over langid word pairs, never looked at while tuning"),
    ):
        report[key] = swaps = swap_benchmark(args.per_pair, folder=folder)
        print(f"== {title} (token precision / recall; whole-text and span-in-English recall)")
        print(f"  {'pair':24s} {'cases':>5s}  {'ours P':>7s} {'ours R':>7s} {'whole':>6s} {'span':>6s}   {'ftfy P':>7s} {'ftfy R':>7s}")
        fam = defaultdict(lambda: defaultdict(int))
        for pair, row in swaps.items():
            o, f = row["ours"], row["ftfy"]
            print(f"  {pair:24s} {row['cases']:5d}  {o['precision']:7.3f} {o['recall']:7.3f} {o['whole_recall']:6.3f} {o['span_recall']:6.3f}   {f['precision']:7.3f} {f['recall']:7.3f}")
            for name in ("broken", "changed", "changed_right", "broken_right"):
                fam[row["family"]][name] += o[name]
                fam["overall"][name] += o[name]
        report[f"{key}_families"] = {}
        for name, t in fam.items():
            p = t["changed_right"] / t["changed"] if t["changed"] else 1.0
            r = t["broken_right"] / t["broken"] if t["broken"] else 1.0
            report[f"{key}_families"][name] = {"precision": p, "recall": r}
            print(f"  family {name:17s}        {p:7.3f} {r:7.3f}")
    if args.quick:
        return 0

    report["clean"] = clean = clean_text()
    print("== clean text (changes; must be 0)")
    lc = clean["langid_clean"]
    print(f"  langid sentences ftfy leaves alone (less the corpus-broken below): {lc['sentences']}  clean ones changed by ours: {lc['changed']}"
          f"  (+ {lc['self_broken_repaired']} changed that are themselves broken: implausible token repaired to dictionary words)")
    for lang, before, after in lc["examples"][:10]:
        print(f"    CLEAN CHANGED [{lang}] {before!r} -> {after!r}")
    for lang, before, after in lc["self_broken_examples"][:10]:
        print(f"    self-broken   [{lang}] {before!r} -> {after!r}")
    cb = clean["langid_corpus_broken"]
    print(f"  langid sentences broken in ways ftfy cannot see (tr cp1254 read as Latin-1, cs ISO-8859-2 read as cp1250): {cb['sentences']}  changed by ours: {cb['changed_by_ours']}")
    print(f"  aeb ground-truth bodies: {clean['aeb_bodies']['bodies']}  changed by ours: {clean['aeb_bodies']['changed']}")
    print(f"  ftfy negatives: {fc['negative']['cases']}  changed by ours: {fc['negative']['ours_changed']}")
    lb = clean["langid_broken_by_ftfy"]
    print(f"  langid sentences that are broken (ftfy.fix_encoding changes them): {lb['sentences']}  repaired by ours: {lb['changed_by_ours']}  same result as ftfy.fix_encoding: {lb['same_as_ftfy.fix_encoding']}")
    sp = clean["sample_200_per_lang"]
    print(
        f"  sample_200_per_lang.tsv: {sp['rows']} rows, {sp['broken_by_ftfy']} broken (ftfy sees), repaired by ours {sp['broken_repaired_by_ours']};"
        f" {sp['corpus_broken']} broken (ftfy blind), repaired by ours {sp['corpus_broken_repaired_by_ours']};"
        f" other rows changed by ours {sp['clean_changed_by_ours']} (+ {sp['self_broken_repaired_by_ours']} themselves broken, by the rule above)"
    )

    report["speed"] = sp = speed()
    print(f"== speed on aeb bodies ({sp['chars']} chars): ours {sp['ours_chars_per_s']:,.0f} chars/s, ftfy.fix_text {sp['ftfy_fix_text_chars_per_s']:,.0f} chars/s, ratio {sp['ratio_ours_over_ftfy']:.2f}x")
    report["memory"] = mem = memory()
    print(f"== lexicon memory: +{mem['lexicon_mb']:.0f} MB RSS (fresh process {mem['rss_before_mb']:.0f} -> {mem['rss_after_mb']:.0f} MB), load {mem['load_seconds']:.1f} s")

    out = ROOT / "benchmarks" / "results" / "repair.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
