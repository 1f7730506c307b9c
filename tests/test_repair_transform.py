"""RepairText on a runner: exact outputs, exact counters; the DoFn loads the lexicon in setup()."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

import wire.repair as repair_module
from transforms.repair import STAGE, RepairText, RepairTextFn
from wire.records import Article, Caption, TextRepair


def _article(uri: str, **fields) -> Article:
    base = dict(uri=uri, role="main", position=0, representation="full", input_uri=f"in/{uri}", input_sha256="0")
    base.update(fields)
    return Article(**base)


CLEAN = _article(
    "clean",
    headline="Mexico and US working to build new security framework",
    paragraphs=("President Andrés Manuel López Obrador says he isn’t interested.", "Plain ASCII paragraph."),
)
SEED_LIKE = _article(
    "seed",
    headline="Mexico and US",
    paragraphs=("President Andrés Manuel López Obrador spoke.",),
    captions=(
        Caption("Secretary Blinken with Mexican President AndrÈs Manuel LÛpez Obrador", "AP Photo/Patrick Semansky"),
    ),
)
MIXED = _article(
    "mixed",
    role="embedded",
    position=1,
    representation="partial",
    headline="Der MÃ¤rz war kalt",  # UTF-8 read as Latin-1: ftfy's
    summary="Habitantes de Coatl\x87n conf\x92an en proyecto de edil electo independiente",  # MacRoman read as Latin-1
)
DOUBT = _article("doubt", headline="We went p\x8c the way")  # a C1 control in a two-letter word: too little evidence

ARTICLES = [CLEAN, SEED_LIKE, MIXED, DOUBT]

EXPECTED = [
    CLEAN,
    SEED_LIKE.replace(
        captions=(
            Caption("Secretary Blinken with Mexican President Andrés Manuel López Obrador", "AP Photo/Patrick Semansky"),
        ),
        text_repairs=(
            TextRepair("captions[0].text", "AndrÈs Manuel LÛpez", "Andrés Manuel López", "swap:latin-1/mac-roman"),
        ),
    ),
    MIXED.replace(
        headline="Der März war kalt",
        summary="Habitantes de Coatlán confían en proyecto de edil electo independiente",
        text_repairs=(
            TextRepair("headline", "MÃ¤rz", "März", "ftfy:encode:latin-1,decode:utf-8"),
            TextRepair("summary", "Coatl\x87n conf\x92an", "Coatlán confían", "swap:mac-roman/latin-1"),
        ),
    ),
    DOUBT,
]


def _counters(result) -> dict[str, int]:
    metrics = result.metrics().query(MetricsFilter().with_namespace(STAGE))["counters"]
    counters = {m.key.metric.name: m.committed for m in metrics}
    assert counters.pop("busy_us") > 0  # the stage timer (transforms/common.py busy): a duration, not exact
    return counters


def test_repair_text_exact_outputs_and_counters():
    p = TestPipeline(runner="FnApiRunner")
    out = p | beam.Create(ARTICLES) | "RepairText" >> RepairText()
    assert_that(out, equal_to(EXPECTED))
    result = p.run()
    result.wait_until_finish()
    assert _counters(result) == {
        "passed": 4,
        "articles_repaired": 2,
        "repaired:swap:latin-1/mac-roman": 1,
        "repaired:swap:mac-roman/latin-1": 1,
        "repaired:ftfy:encode:latin-1,decode:utf-8": 1,
        "doubt": 1,
    }


def test_dofn_process_matches_the_pure_function_and_loads_in_setup(monkeypatch):
    calls = []
    real = repair_module.get_lexicon
    monkeypatch.setattr("transforms.repair.get_lexicon", lambda: calls.append(1) or real())
    fn = RepairTextFn()
    fn.setup()
    assert calls == [1]
    outs = [a for article in ARTICLES for a in fn.process(article)]
    assert outs == EXPECTED
    assert calls == [1]  # never per element
    assert outs[0] is CLEAN  # a clean article passes through untouched
