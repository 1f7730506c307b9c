"""SplitPages on the FnApiRunner: exact articles, exact dead letters, exact counters."""

from __future__ import annotations

from pathlib import Path

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.common import ERRORS
from transforms.split import SplitPageFn, SplitPages
from wire.records import ErrorRecord, Page, sha256_hex
from wire.split import split_page

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "msn-mexico-us-security.txt"


def text_page(uri: str, text: str, kind: str = "text", url: str | None = None) -> Page:
    return Page(input_uri=uri, input_sha256=sha256_hex(text), text=text, kind=kind, charset="utf-8",
                charset_reason="utf-8", url=url)


SEED_PAGE = text_page("in/seed.txt", SEED.read_text(encoding="utf-8"), url="https://www.msn.com/a")
SMALL_PAGE = text_page("in/small.txt", "Storm closes passes\n\nDENVER (AP) — Snow closed two passes.\n")
CHROME_PAGE = text_page("in/chrome.txt", "•\n•\n\nusr: 1\nwow\n", url="https://x.example/c")
PDF_PAGE = text_page("in/doc.pdf", "%PDF", kind="pdf")
BOOM_PAGE = text_page("in/boom.txt", "Boom headline\n\nA paragraph that the test splitter refuses.\n")


def flaky_split(page: Page):
    """split_page, except for one page where it hits a bug."""
    if page.input_uri == BOOM_PAGE.input_uri:
        raise ValueError("unbalanced table")
    return split_page(page)


def run_split(pages):
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    result = pipeline | beam.Create(pages) | SplitPages(flaky_split)
    expected = [a for page in pages if page in (SEED_PAGE, SMALL_PAGE) for a in split_page(page)]
    assert_that(result.articles, equal_to(expected), label="Articles")
    assert_that(
        result[ERRORS],
        equal_to(
            [
                ErrorRecord("in/chrome.txt", "SplitPages", "no_article", "no paragraph found in text", "https://x.example/c"),
                ErrorRecord("in/doc.pdf", "SplitPages", "unsupported_kind", "page kind 'pdf'"),
                ErrorRecord("in/boom.txt", "SplitPages", "split_failed", "ValueError: unbalanced table"),
            ]
        ),
        label="Errors",
    )
    outcome = pipeline.run()
    outcome.wait_until_finish()
    counters = outcome.metrics().query(MetricsFilter().with_namespace("SplitPages"))["counters"]
    named = {c.key.metric.name: c.committed for c in counters}
    assert named.pop("busy_us") > 0  # the stage timer (transforms/common.py busy): a duration, not exact
    return named


def test_split_pages_outputs_and_counters():
    counters = run_split([SEED_PAGE, SMALL_PAGE, CHROME_PAGE, PDF_PAGE, BOOM_PAGE])
    assert counters == {
        "passed": 2,
        "articles:main": 2,
        "articles:embedded": 5,
        "failed:no_article": 1,
        "failed:unsupported_kind": 1,
        "failed:split_failed": 1,
    }


def test_empty_result_is_a_dead_letter():
    fn = SplitPageFn(lambda page: [])
    (out,) = list(fn.process(SMALL_PAGE))
    assert out.tag == ERRORS
    assert out.value == ErrorRecord("in/small.txt", "SplitPages", "no_article", "the splitter returned no article")


def test_limits_guard_the_splitter():
    from transforms.guard import SplitLimits

    big = text_page("in/big.txt", "Big page\n\n" + "A sentence that goes on. " * 40)
    pipeline = BeamTestPipeline(runner="FnApiRunner")
    result = pipeline | beam.Create([SMALL_PAGE, big]) | SplitPages(limits=SplitLimits(max_page_chars=500, max_seconds_per_page=0))
    assert_that(result.articles, equal_to(split_page(SMALL_PAGE)), label="Articles")
    assert_that(
        result[ERRORS] | beam.Map(lambda e: (e.input_uri, e.stage, e.reason)),
        equal_to([("in/big.txt", "SplitPages", "page_too_large")]),
        label="Errors",
    )
    outcome = pipeline.run()
    outcome.wait_until_finish()
    counters = outcome.metrics().query(MetricsFilter().with_namespace("SplitPages"))["counters"]
    named = {c.key.metric.name: c.committed for c in counters}
    assert named.pop("busy_us") > 0
    assert named == {
        "passed": 1, "articles:main": 1, "failed:page_too_large": 1}
