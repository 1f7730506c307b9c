"""ninjs export validates against the official IPTC ninjs 3.1 schema in ../shared/data/ninjs/."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from wire.decode import decode_page
from wire.ingest_io import read_local_file
from wire.ninjs import to_ninjs
from wire.records import Article, Caption, InfoSource
from wire.split import split_page

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA = SHARED / "data" / "ninjs" / "ninjs-schema_3.1.json"

# The venv has no rfc3339/rfc3987 validators, so jsonschema would skip these formats silently.
FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", value) is not None


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS)


def errors_of(validator, item) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(item)]


def test_schema_examples_validate(validator):
    # The checker itself must accept IPTC's own examples and reject a broken item.
    for example in sorted((SCHEMA.parent / "examples").glob("*.json")):
        assert errors_of(validator, json.loads(example.read_text(encoding="utf-8"))) == [], example.name
    assert errors_of(validator, {"uri": "x", "headline": "not a ninjs property"})
    assert errors_of(validator, {"uri": "urn:a:b", "firstCreated": "8 Oct 2021"})


def test_seed_page_as_ninjs(validator):
    (raw,) = read_local_file(str(SHARED / "seed" / "msn-mexico-us-security.txt"))
    main, *embedded = split_page(decode_page(raw))
    item = to_ninjs(main, embedded)
    assert errors_of(validator, item) == []
    assert item["uri"] == main.uri
    assert item["representationType"] == "full"
    assert item["located"] == "MEXICO CITY"
    assert item["copyrightHolder"] == "Associated Press"
    assert item["infoSources"] == [
        {"name": "Associated Press", "role": "originator"},
        {"name": "msn.com", "role": "aggregator"},
    ]
    assert item["headlines"] == [{"role": "main", "contentType": "text/plain", "value": main.headline}]
    assert item["bodies"][0]["value"] == "\n\n".join(main.paragraphs)
    assert item["bodies"][0]["wordCount"] == main.word_count
    assert item["firstCreated"] == item["versionCreated"] == "2021-10-08T19:40:00Z"
    assert {"role": "section", "value": "World"} in item["altIds"]
    assoc = item["associations"]
    pictures = [a for a in assoc if a["type"] == "picture"]
    articles = [a for a in assoc if a["type"] == "text"]
    assert [p["by"] for p in pictures] == ["AP Photo/Patrick Semansky, Pool"] * 3
    assert [a["uri"] for a in articles] == [a.uri for a in embedded]
    assert [a["representationType"] for a in articles] == ["partial"] * 4 + ["full"]
    assert [a["headlines"][0]["value"] for a in articles] == [a.headline for a in embedded]
    assert articles[2]["associations"][0]["by"] == "Nicholas Kamm/AFP/Getty Images"


def test_full_article_fields(validator):
    main = Article(
        uri="urn:wire-ingest:article:1", role="main", position=0, representation="full", input_uri="gs://b/p.html",
        input_sha256="00", headline="H", summary="S", paragraphs=("a b", "c"), byline="Jane Roe", dateline="LONDON",
        provider="Reuters", is_wire=True, published_at=datetime(2021, 1, 2, 3, 4, 5, 600, tzinfo=timezone.utc),
        updated_at=datetime(2021, 1, 3, tzinfo=timezone.utc), source_url="https://news.example.com/a",
        source_domain="news.example.com", canonical_url="https://reuters.example/a", language="en",
        story_id="story-1", captions=(Caption("A caption.", None),),
        info_sources=(InfoSource("news.example.com", "aggregator", "https://news.example.com/a"),),
    )
    item = to_ninjs(main, [])
    assert errors_of(validator, item) == []
    assert item["firstCreated"] == "2021-01-02T03:04:05.000600Z"
    assert item["versionCreated"] == "2021-01-03T00:00:00Z"
    assert item["by"] == "Jane Roe" and item["language"] == "en"
    assert item["infoSources"][0] == {"name": "Reuters", "role": "originator"}
    assert item["infoSources"][1]["uri"] == "https://news.example.com/a"
    assert item["associations"][0]["descriptions"][0]["value"] == "A caption."
    assert "by" not in item["associations"][0]
    bare = Article(uri="urn:wire-ingest:article:2", role="main", position=0, representation="full", input_uri="x", input_sha256="")
    assert errors_of(validator, to_ninjs(bare)) == []
