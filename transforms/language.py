"""DetectLanguage: every article gets a BCP-47 language (or `und`) and a score.

Input: PCollection[Article]. Output: PCollection[Article] with `language`
(BCP-47, e.g. `en`, `zh-CN`; `und` when the evidence is below the configured
score) and `language_score` set; one article out per article in.

Dead letters: none. Too little text is an answer (`und`), not an error.
Counters (namespace `DetectLanguage`): `passed` (articles in), `detected`
(a language), `und` (below `min_score` or no letters), `declared_agrees` /
`declared_disagrees` (the page's <html lang> / og:locale against a detected
language), `declared_missing` (no declared language on the article).

The model pair (langdetect profiles + py3langid) is loaded in `setup()`, once
per worker process (DoFn instances in one process share it), never per
element: about 75 MB of RSS and 0.5 CPU-s per process (the plain libraries'
loaders take 170 MB and 1 s; wire/langid.py says where it goes). wire/langid.py
holds the logic and why the result is deterministic.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.common import StageDoFn, busy
from wire.langid import (
    DEFAULT_MIN_SCORE,
    DEFAULT_PREFIX_CHARS,
    UND,
    LanguageIdentifier,
    detect_article_with_result,
    validate_settings,
)

STAGE = "DetectLanguage"


class DetectLanguageFn(StageDoFn):
    stage = STAGE

    def __init__(self, min_score: float = DEFAULT_MIN_SCORE, prefix_chars: int = DEFAULT_PREFIX_CHARS) -> None:
        super().__init__()
        self.min_score = min_score
        self.prefix_chars = prefix_chars
        self._identifier: LanguageIdentifier | None = None

    def setup(self) -> None:
        self._identifier = LanguageIdentifier(min_score=self.min_score, prefix_chars=self.prefix_chars)

    def process(self, article):
        if self._identifier is None:  # a runner that skipped setup(): load once, still not per element
            self.setup()
        with busy(STAGE):
            out, result = detect_article_with_result(self._identifier, article)
        self.passed()
        self.count("und" if out.language == UND else "detected")
        if result.declared is None:
            self.count("declared_missing")
        elif out.language != UND:
            self.count("declared_disagrees" if result.disagreed_with_declared else "declared_agrees")
        yield out


class DetectLanguage(beam.PTransform):
    """PCollection[Article] -> PCollection[Article] with language and language_score set."""

    def __init__(self, min_score: float = DEFAULT_MIN_SCORE, prefix_chars: int = DEFAULT_PREFIX_CHARS) -> None:
        super().__init__()
        # At construction (launch time), not on a worker.
        validate_settings(min_score, prefix_chars)
        self.min_score = min_score
        self.prefix_chars = prefix_chars

    def expand(self, articles):
        return articles | "Detect" >> beam.ParDo(DetectLanguageFn(self.min_score, self.prefix_chars))
