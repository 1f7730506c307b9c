"""SplitPages: each decoded page -> its main article and its embedded articles.

Input: PCollection[wire.records.Page].
Output: DoOutputsTuple with `articles` (wire.records.Article: for every page the
main article, position 0, then its embedded articles in page order) and ERRORS
(wire.records.ErrorRecord, stage `SplitPages`, one per page that yields nothing).

Dead-letter reasons: those the splitters raise as Rejected (`no_article`,
`unsupported_kind`, ...), those of the per-page guard when `limits` is given
(transforms/guard.py: `page_too_large`, `too_many_attributes`, `split_timeout`,
`split_crashed`), and `split_failed` for any other exception the pure
splitter raises on one page (message: exception class and text). A bad page must
not crash a nightly run of millions: the pipeline promises that no stage fails
the run on one page, and the dead letter keeps the page visible in errors/.
Counters (namespace `SplitPages`): `passed` (pages split), `articles:main`,
`articles:embedded`, `failed:<reason>`.
"""

from __future__ import annotations

from collections.abc import Callable

import apache_beam as beam

from transforms.common import ERRORS, StageDoFn
from transforms.guard import GuardedSplitter, SplitLimits
from wire.records import Article, Page, Rejected
from wire.split import split_page

STAGE = "SplitPages"


class SplitPageFn(StageDoFn):
    stage = STAGE

    def __init__(self, splitter: Callable[[Page], list[Article]] = split_page) -> None:
        super().__init__()
        self.splitter = splitter

    def process(self, page: Page):
        try:
            articles = self.splitter(page)
        except Rejected as exc:
            yield self.reject(page.input_uri, exc.reason, exc.message, url=page.url)
            return
        except Exception as exc:  # noqa: BLE001 - one page's bug must not fail the run (see docstring)
            yield self.reject(page.input_uri, "split_failed", f"{type(exc).__name__}: {exc}", url=page.url)
            return
        if not articles:
            yield self.reject(page.input_uri, "no_article", "the splitter returned no article", url=page.url)
            return
        self.passed()
        mains = sum(1 for a in articles if a.role == "main")
        self.count("articles:main", mains)
        if len(articles) > mains:
            self.count("articles:embedded", len(articles) - mains)
        yield from articles


class SplitPages(beam.PTransform):
    """Page -> Article (main + embedded); bad pages -> ERRORS."""

    def __init__(
        self,
        splitter: Callable[[Page], list[Article]] = split_page,
        limits: SplitLimits | None = None,
    ) -> None:
        """`limits` wraps the splitter in transforms.guard.GuardedSplitter (size checks and a
        hard per-page time limit in a child process); None runs it in-process, unguarded."""
        super().__init__()
        self.splitter = GuardedSplitter(splitter, limits) if limits is not None else splitter

    def expand(self, pages):
        return pages | "Split" >> beam.ParDo(SplitPageFn(self.splitter)).with_outputs(ERRORS, main="articles")
