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

from transforms.common import ERRORS, StageDoFn, busy
from transforms.guard import GuardedSplitter, SplitLimits
from wire.records import Article, Page, Rejected
from wire.split import split_page

STAGE = "SplitPages"


# Pages per hand-over to the guard's child process, by decoded characters (~12 aeb pages):
# big enough that the two hand-overs per batch cost nothing beside the split, small enough
# that a batch of the largest allowed pages stays a few tens of MB.
BATCH_CHARS = 2_000_000


class SplitPageFn(StageDoFn):
    stage = STAGE

    def __init__(self, splitter: Callable[[Page], list[Article]] = split_page) -> None:
        super().__init__()
        self.splitter = splitter

    def process(self, page: Page):
        try:
            with busy(STAGE):
                outcome = self.splitter(page)
        except Exception as exc:  # noqa: BLE001 - one page's bug must not fail the run (see docstring)
            outcome = exc
        yield from self.emit(page, outcome)

    def emit(self, page: Page, outcome: list[Article] | Exception):
        """The page's articles, or its dead letter when `outcome` is an exception or empty."""
        if isinstance(outcome, Rejected):
            yield self.reject(page.input_uri, outcome.reason, outcome.message, url=page.url)
            return
        if isinstance(outcome, Exception):
            yield self.reject(page.input_uri, "split_failed", f"{type(outcome).__name__}: {outcome}", url=page.url)
            return
        if not outcome:
            yield self.reject(page.input_uri, "no_article", "the splitter returned no article", url=page.url)
            return
        self.passed()
        mains = sum(1 for a in outcome if a.role == "main")
        self.count("articles:main", mains)
        if len(outcome) > mains:
            self.count("articles:embedded", len(outcome) - mains)
        yield from outcome


class SplitBatchFn(SplitPageFn):
    """SplitPageFn over a batch of pages (a list from beam.BatchElements), for a GuardedSplitter:
    the same outputs, counters and dead letters, one process hand-over per batch."""

    def process(self, pages: list[Page]):
        with busy(STAGE):  # the worker's wait for its split child, who does the work meanwhile
            outcomes = self.splitter.map(pages)
        for page, outcome in zip(pages, outcomes):
            yield from self.emit(page, outcome)


def _page_chars(page: Page) -> int:
    return len(page.text or "")


class SplitPages(beam.PTransform):
    """Page -> Article (main + embedded); bad pages -> ERRORS."""

    def __init__(
        self,
        splitter: Callable[[Page], list[Article]] = split_page,
        limits: SplitLimits | None = None,
        batch: bool = True,
    ) -> None:
        """`limits` wraps the splitter in transforms.guard.GuardedSplitter (size checks and a
        hard per-page time limit in a child process); None runs it in-process, unguarded.
        `batch` hands the guard's child BATCH_CHARS of pages at a time. Streaming turns it off:
        BatchElements re-stamps its batches with the end of the window, and the streaming writes
        window the articles by the time their page was created."""
        super().__init__()
        self.splitter = GuardedSplitter(splitter, limits) if limits is not None else splitter
        self.batch = batch and limits is not None and limits.max_seconds_per_page > 0

    def expand(self, pages):
        if not self.batch:
            return pages | "Split" >> beam.ParDo(SplitPageFn(self.splitter)).with_outputs(ERRORS, main="articles")
        return (
            pages
            | "Batch" >> beam.BatchElements(BATCH_CHARS, BATCH_CHARS, element_size_fn=_page_chars, record_metrics=False)
            # -> list[Page], up to BATCH_CHARS characters (a larger page alone)
            | "Split" >> beam.ParDo(SplitBatchFn(self.splitter)).with_outputs(ERRORS, main="articles")
        )
