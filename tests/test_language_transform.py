"""DetectLanguage on a runner: exact outputs, exact counters, identical results run after run."""

from __future__ import annotations

import json
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.language import STAGE, DetectLanguage, DetectLanguageFn
from wire.langid import LanguageIdentifier, article_text
from wire.records import Article

EN = "The city council approved the new budget on Tuesday after a long debate about school funding. " * 3
FR = "Le conseil municipal a approuvé mardi le nouveau budget après un long débat sur les écoles. " * 3
DE = "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen. " * 3


def _article(uri: str, **fields) -> Article:
    base = dict(uri=uri, role="main", position=0, representation="full", input_uri=f"in/{uri}", input_sha256="0")
    base.update(fields)
    return Article(**base)


ARTICLES = [
    _article("en", headline="Budget approved", paragraphs=(EN,), declared_language="en-US"),
    _article("fr", headline="Budget", paragraphs=(FR,), declared_language="en"),  # a French story on an English page
    _article("watch", role="embedded", position=1, representation="partial", headline="Watch"),
    _article("de", paragraphs=(DE,)),
    _article(
        "es-teaser", role="embedded", position=2, representation="partial", declared_language="es",
        headline="El ayuntamiento aprueba el nuevo presupuesto",
        summary="Tras un largo debate sobre la financiación de las escuelas públicas de la ciudad.",
    ),
]
LANGUAGES = {"en": "en", "fr": "fr", "watch": "und", "de": "de", "es-teaser": "es"}


@pytest.fixture(scope="module")
def ident() -> LanguageIdentifier:
    return LanguageIdentifier()


def _expected(ident: LanguageIdentifier) -> list[tuple[str, str, float]]:
    out = []
    for a in ARTICLES:
        result = ident.detect(article_text(a, ident.prefix_chars), a.declared_language)
        assert result.language == LANGUAGES[a.uri]  # the reference itself gives the expected languages
        out.append((a.uri, result.language, result.score))
    return out


def _counters(result) -> dict[str, int]:
    metrics = result.metrics().query(MetricsFilter().with_namespace(STAGE))["counters"]
    counters = {m.key.metric.name: m.committed for m in metrics}
    assert counters.pop("busy_us") > 0  # the stage timer (transforms/common.py busy): a duration, not exact
    return counters


def test_detect_language_exact_outputs_and_counters(ident):
    p = TestPipeline(runner="FnApiRunner")
    out = p | beam.Create(ARTICLES) | DetectLanguage()
    assert_that(out | beam.Map(lambda a: (a.uri, a.language, a.language_score)), equal_to(_expected(ident)))
    # Nothing but language and score changes.
    assert_that(
        out | "Strip" >> beam.Map(lambda a: a.replace(language="und", language_score=0.0)),
        equal_to(ARTICLES),
        label="OnlyLanguageChanges",
    )
    result = p.run()
    result.wait_until_finish()
    assert _counters(result) == {
        "passed": 5,
        "detected": 4,
        "und": 1,
        "declared_agrees": 2,
        "declared_disagrees": 1,
        "declared_missing": 2,
    }


def test_dofn_loads_the_model_in_setup_not_per_element():
    fn = DetectLanguageFn()
    assert fn._identifier is None
    fn.setup()
    loaded = fn._identifier
    assert isinstance(loaded, LanguageIdentifier)
    outs = [a for article in ARTICLES for a in fn.process(article)]
    assert [a.language for a in outs] == [LANGUAGES[a.uri] for a in ARTICLES]
    assert fn._identifier is loaded


def test_bad_settings_fail_at_construction():
    with pytest.raises(ValueError):
        DetectLanguage(min_score=2.0)
    with pytest.raises(ValueError):
        DetectLanguage(prefix_chars=0)


def _run_to_file(tmp: Path, argv: list[str]) -> list[list]:
    options = PipelineOptions(argv)
    with beam.Pipeline(options=options) as p:
        (
            p
            | beam.Create(ARTICLES * 4)
            | DetectLanguage()
            | beam.Map(lambda a: json.dumps([a.uri, a.language, a.language_score]))
            | beam.io.WriteToText(str(tmp / "out"))
        )
    lines = [line for f in sorted(tmp.glob("out*")) for line in f.read_text().splitlines()]
    return sorted(json.loads(line) for line in lines)


def test_two_runs_identical_also_on_the_multiprocess_direct_runner(tmp_path, ident):
    first = _run_to_file(tmp_path / "a", ["--runner=FnApiRunner"])
    second = _run_to_file(tmp_path / "b", ["--runner=FnApiRunner"])
    multi = _run_to_file(
        tmp_path / "c", ["--runner=DirectRunner", "--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    )
    expected = sorted([uri, lang, score] for uri, lang, score in _expected(ident) for _ in range(4))
    assert first == second == multi == expected
