"""Language identification: accuracy, short-text honesty, speed and determinism, beside plain langdetect.

    python benchmarks/bench_langid.py            # the report (held-out data), writes benchmarks/results/langid.json
    python benchmarks/bench_langid.py --tune     # the tables the defaults were chosen from (tuning data only)

Data (../shared/data/langid, lingua-py's test data; ../shared/data/aeb):
- report: sample_200_per_lang.tsv (4,000 sentences, 20 languages) and the
  held-out half of word-pairs/*.txt (a pair is held out when the first byte of
  sha256("<lang>\\t<text>") is odd); the other half is shown too, marked as tuning data.
- tuning (never reported as a result): sentences/*.txt minus the 4,000 sample
  sentences, concatenated into ~3,000-character pseudo-articles for the prefix
  length; the even half of the word pairs plus the remaining sentences for the
  score thresholds.
- speed: the 181 ground-truth bodies of the aeb benchmark, as Articles.

Metrics: accuracy = the returned primary language subtag equals the label
(`und` counts as wrong); on word pairs, right = correct language, confident
wrong = a language that is not the label (rather than `und`). Plain langdetect
is `langdetect.detect` / `detect_langs` with DetectorFactory.seed = 0; for it
a "threshold" keeps the answer only when its top probability reaches it.
Speed: articles/s of the stage's work per article (text choice + detection,
DetectLanguageFn.process) against plain `langdetect.detect` on the full body,
measured in alternating rounds in the same process; the ratio of medians is
the figure (the machine is shared, absolute rates are noisy).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "langid"
AEB = SHARED / "data" / "aeb" / "ground-truth.json"
RESULTS = ROOT / "benchmarks" / "results" / "langid.json"
sys.path.insert(0, str(ROOT))

from wire.langid import LanguageIdentifier, primary_subtag  # noqa: E402
from wire.records import Article  # noqa: E402

PLAIN_THRESHOLDS = (0.0, 0.5, 0.9, 0.99, 0.999, 0.9999)


def sample_sentences() -> list[tuple[str, str]]:
    lines = (DATA / "sample_200_per_lang.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t", 1)) for line in lines if "\t" in line]


def languages() -> list[str]:
    return sorted({lang for lang, _ in sample_sentences()})


def word_pairs(half: str) -> list[tuple[str, str]]:
    out = []
    for lang in languages():
        for text in (DATA / "word-pairs" / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
            text = text.strip()
            if not text:
                continue
            odd = hashlib.sha256(f"{lang}\t{text}".encode()).digest()[0] % 2 == 1
            if odd == (half == "report"):
                out.append((lang, text))
    return out


def tuning_sentences() -> list[tuple[str, str]]:
    report = {text for _, text in sample_sentences()}
    out = []
    for lang in languages():
        for text in (DATA / "sentences" / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
            text = text.strip()
            if text and text not in report:
                out.append((lang, text))
    return out


def pseudo_articles(per_lang: int = 15, chars: int = 3000) -> list[tuple[str, str]]:
    """Tuning sentences of one language joined into article-length texts (deterministic order)."""
    by_lang: dict[str, list[str]] = defaultdict(list)
    for lang, text in tuning_sentences():
        by_lang[lang].append(text)
    out = []
    for lang, texts in sorted(by_lang.items()):
        texts.sort(key=lambda t: hashlib.sha256(t.encode()).hexdigest())
        current: list[str] = []
        made = 0
        for text in texts:
            current.append(text)
            if sum(len(t) + 1 for t in current) >= chars:
                out.append((lang, " ".join(current)))
                current, made = [], made + 1
                if made == per_lang:
                    break
    return out


class Plain:
    """langdetect as the design card uses it: the module-level API, seeded."""

    def __init__(self) -> None:
        import langdetect
        from langdetect import DetectorFactory

        DetectorFactory.seed = 0
        self._ld = langdetect

    def detect(self, text: str) -> str:
        try:
            return self._ld.detect(text)
        except self._ld.LangDetectException:
            return "und"

    def top(self, text: str) -> tuple[str, float]:
        try:
            best = self._ld.detect_langs(text)[0]
            return best.lang, best.prob
        except (self._ld.LangDetectException, IndexError):
            return "und", 0.0


def _primary(code: str) -> str | None:
    return primary_subtag(code.replace("zh-cn", "zh").replace("zh-tw", "zh"))


def sentence_accuracy(ident: LanguageIdentifier, plain: Plain) -> dict:
    rows = sample_sentences()
    ours: dict[str, list[bool]] = defaultdict(list)
    ours_no_und: dict[str, list[bool]] = defaultdict(list)
    theirs: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter = Counter()
    und = 0
    for lang, text in rows:
        result = ident.detect(text)
        ours[lang].append(_primary(result.language) == lang)
        ours_no_und[lang].append(_primary(result.candidate) == lang)
        und += result.language == "und"
        if _primary(result.language) != lang:
            confusions[(lang, result.language)] += 1
        theirs[lang].append(_primary(plain.detect(text)) == lang)
    per_lang = {
        lang: {"ours": sum(ours[lang]) / len(ours[lang]), "langdetect": sum(theirs[lang]) / len(theirs[lang])}
        for lang in sorted(ours)
    }
    total = len(rows)
    return {
        "data": "sample_200_per_lang.tsv (held out; never used for tuning)",
        "n": total,
        "overall": {
            "ours": sum(sum(v) for v in ours.values()) / total,
            "ours_candidate_ignoring_und": sum(sum(v) for v in ours_no_und.values()) / total,
            "langdetect": sum(sum(v) for v in theirs.values()) / total,
        },
        "ours_und": und,
        "per_lang": per_lang,
        "top_confusions": [[a, b, n] for (a, b), n in confusions.most_common(12)],
    }


def pairs_table(ident: LanguageIdentifier, plain: Plain, pairs: list[tuple[str, str]]) -> dict:
    n = len(pairs)
    right = wrong = 0
    plain_tops = []
    for lang, text in pairs:
        result = ident.detect(text)
        if result.language != "und":
            if _primary(result.language) == lang:
                right += 1
            else:
                wrong += 1
        top, prob = plain.top(text)
        plain_tops.append((_primary(top) == lang, prob))
    plain_rows = {}
    for t in PLAIN_THRESHOLDS:
        kept = [(ok, p) for ok, p in plain_tops if p >= t and p > 0]
        plain_rows[str(t)] = {
            "right": sum(ok for ok, _ in kept) / n,
            "confident_wrong": sum(not ok for ok, _ in kept) / n,
        }
    return {
        "n": n,
        "ours": {"right": right / n, "confident_wrong": wrong / n, "und": (n - right - wrong) / n},
        "langdetect_at_threshold": plain_rows,
    }


def _article(body: str, uri: str) -> Article:
    paragraphs = tuple(p.strip() for p in body.split("\n") if p.strip())
    return Article(uri=uri, role="main", position=0, representation="full", input_uri=uri, input_sha256="0",
                   paragraphs=paragraphs)


def speed(ident: LanguageIdentifier, plain: Plain, rounds: int) -> dict:
    from transforms.language import DetectLanguageFn

    truth = json.loads(AEB.read_text(encoding="utf-8"))
    bodies = [truth[key]["articleBody"] for key in sorted(truth)]
    articles = [_article(body, key) for key, body in zip(sorted(truth), bodies)]
    fn = DetectLanguageFn(ident.min_score, ident.prefix_chars)
    fn.setup()
    ours_t, plain_t = [], []
    agree = Counter()
    for r in range(rounds):
        start = time.perf_counter()
        plain_langs = [plain.detect(body) for body in bodies]
        plain_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        outs = [a for article in articles for a in fn.process(article)]
        ours_t.append(time.perf_counter() - start)
        if r == 0:
            for p_lang, out in zip(plain_langs, outs):
                agree["same" if _primary(p_lang) == _primary(out.language) else
                      ("und" if out.language == "und" else "different")] += 1
    n = len(bodies)
    per_round = [p / o for p, o in zip(plain_t, ours_t)]
    return {
        "data": "aeb ground-truth bodies",
        "articles": n,
        "mean_body_chars": statistics.mean(len(b) for b in bodies),
        "rounds": rounds,
        "stage_articles_per_s": n / statistics.median(ours_t),
        "langdetect_full_body_articles_per_s": n / statistics.median(plain_t),
        "speedup_ratio_of_medians": statistics.median(plain_t) / statistics.median(ours_t),
        "speedup_per_round": per_round,
        "agreement_with_plain_langdetect": dict(agree),
    }


_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from wire.langid import LanguageIdentifier
i = LanguageIdentifier()
print(json.dumps([[r.language, r.score, r.candidate] for r in map(i.detect, json.load(sys.stdin))]))
"""


def determinism(ident: LanguageIdentifier) -> dict:
    texts = [t for _, t in sample_sentences()[::10]] + [t for _, t in word_pairs("report")[::50]]
    first = [[r.language, r.score, r.candidate] for r in map(ident.detect, texts)]
    again = LanguageIdentifier(ident.min_score, ident.prefix_chars)
    second = [[r.language, r.score, r.candidate] for r in map(again.detect, texts)]
    env = dict(os.environ, PYTHONHASHSEED="4242")
    child = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)], input=json.dumps(texts), capture_output=True,
                           text=True, env=env, check=True)
    other = json.loads(child.stdout)
    return {"texts": len(texts), "same_in_process": first == second, "same_in_other_process": first == other}


def tune(ident: LanguageIdentifier) -> None:
    """Print the tables the defaults come from; tuning data only."""
    print("prefix length on tuning pseudo-articles (~3,000 chars, tuning sentences):")
    arts = pseudo_articles()
    saved = ident.prefix_chars
    for prefix in (100, 150, 200, 300, 400, 600, 1000):
        ident.prefix_chars = prefix
        start = time.perf_counter()
        results = [(lang, ident.detect(text)) for lang, text in arts]
        ms = (time.perf_counter() - start) / len(arts) * 1000
        acc = sum(_primary(r.language) == lang for lang, r in results) / len(results)
        und = sum(r.language == "und" for _, r in results)
        print(f"  prefix {prefix:5d}: accuracy {acc:.4f}  und {und:3d}  {ms:.2f} ms")
    ident.prefix_chars = saved
    print("score threshold on tuning word pairs and tuning sentences:")
    pairs = [(lang, ident.detect(text)) for lang, text in word_pairs("tune")]
    sents = [(lang, ident.detect(text)) for lang, text in tuning_sentences()[::3]]
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        right = sum(r.score >= t and _primary(r.candidate) == lang for lang, r in pairs) / len(pairs)
        wrong = sum(r.score >= t and _primary(r.candidate) != lang for lang, r in pairs) / len(pairs)
        sent = sum(r.score >= t and _primary(r.candidate) == lang for lang, r in sents) / len(sents)
        print(f"  min_score {t:.2f}: pairs right {right:.3f} confident wrong {wrong:.3f}   sentences {sent:.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tune", action="store_true", help="print the tuning tables (tuning data only) and exit")
    parser.add_argument("--rounds", type=int, default=5, help="alternating speed rounds")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/langid.json")
    args = parser.parse_args(argv)
    ident = LanguageIdentifier()
    if args.tune:
        tune(ident)
        return 0
    plain = Plain()
    report: dict = {"settings": {"min_score": ident.min_score, "prefix_chars": ident.prefix_chars}}

    sentences = sentence_accuracy(ident, plain)
    report["sentences"] = sentences
    print(f"sentences ({sentences['n']}, held out): ours {sentences['overall']['ours']:.4f}   "
          f"plain langdetect {sentences['overall']['langdetect']:.4f}   "
          f"(ours ignoring und {sentences['overall']['ours_candidate_ignoring_und']:.4f}, und {sentences['ours_und']})")
    print("  lang   ours  langdetect")
    for lang, row in sentences["per_lang"].items():
        print(f"  {lang:4s} {row['ours']:.3f}  {row['langdetect']:.3f}")
    print("  top confusions (label, ours):", sentences["top_confusions"])

    report["word_pairs"] = {}
    for half, label in (("report", "held-out half"), ("tune", "TUNING half (thresholds chosen here)")):
        table = pairs_table(ident, plain, word_pairs(half))
        report["word_pairs"][half] = table
        ours = table["ours"]
        print(f"word pairs, {label} ({table['n']}): ours right {ours['right']:.3f}  confident wrong "
              f"{ours['confident_wrong']:.3f}  und {ours['und']:.3f}")
        for t, row in table["langdetect_at_threshold"].items():
            print(f"  plain langdetect p >= {t:7s}: right {row['right']:.3f}  "
                  f"confident wrong {row['confident_wrong']:.3f}")

    sp = speed(ident, plain, args.rounds)
    report["speed"] = sp
    print(f"speed on {sp['articles']} aeb bodies (mean {sp['mean_body_chars']:.0f} chars), {sp['rounds']} rounds: "
          f"stage {sp['stage_articles_per_s']:.0f} articles/s, plain langdetect.detect on full bodies "
          f"{sp['langdetect_full_body_articles_per_s']:.0f} articles/s -> {sp['speedup_ratio_of_medians']:.2f}x "
          f"(per round {', '.join(f'{x:.2f}' for x in sp['speedup_per_round'])}); "
          f"labels vs plain: {sp['agreement_with_plain_langdetect']}")

    det = determinism(ident)
    report["determinism"] = det
    print(f"determinism on {det['texts']} texts: same in process {det['same_in_process']}, "
          f"same in another process (other hash seed) {det['same_in_other_process']}")

    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
