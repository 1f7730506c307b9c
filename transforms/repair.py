"""RepairText: mojibake found and repaired in every text field, every repair recorded.

Input: PCollection[Article]. Output: PCollection[Article], one out per article
in, with headline, summary, byline, paragraphs and captions repaired and a
`TextRepair(field, broken, repaired, method)` appended to `text_repairs` for
each repair (wire/repair.py holds the logic and its evidence rules).

Dead letters: none. Repair never rejects an article: text it cannot read with
confidence is left as it is and counted as doubt; a bug raises so the runner
retries and the failure is seen.
Counters (namespace `RepairText`): `passed` (articles in), `repaired:<method>`
per audit entry (`repaired:swap:latin-1/mac-roman`,
`repaired:ftfy:encode:latin-1,decode:utf-8`, ...), `articles_repaired`,
`doubt` (tokens that looked broken but were left alone on doubt).

The word-frequency lexicon (~120 MB) is loaded once per worker process in
`setup()` (a module-level cache shared by every DoFn instance), never per element.
"""

from __future__ import annotations

import apache_beam as beam

from transforms.common import StageDoFn, busy
from wire.repair import get_lexicon, method_family, repair_article_explained

STAGE = "RepairText"


class RepairTextFn(StageDoFn):
    stage = STAGE

    def setup(self) -> None:
        get_lexicon()

    def process(self, article):
        with busy(STAGE):
            result = repair_article_explained(article)
        self.passed()
        if result.repairs:
            self.count("articles_repaired")
            for entry in result.repairs:
                self.count(f"repaired:{method_family(entry.method)}")
        if result.doubts:
            self.count("doubt", result.doubts)
        yield result.article


class RepairText(beam.PTransform):
    """PCollection[Article] -> PCollection[Article] with mojibake repaired and audited."""

    def expand(self, articles):
        return articles | "Repair" >> beam.ParDo(RepairTextFn())
