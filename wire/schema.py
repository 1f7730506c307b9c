"""The output contract: one explicit, versioned pyarrow schema per table.

The writer never infers a schema. Partition columns (`ingest_date`, and
`language` for articles/) live in the Hive path, not in the files:
`pyarrow.dataset(path, partitioning="hive")` and duckdb
`read_parquet(..., hive_partitioning=true)` add them back.
Bump SCHEMA_VERSION on any change of a table's columns or types.
"""

from __future__ import annotations

import pyarrow as pa

from wire.records import Article, ErrorRecord, Sighting, content_sha256

SCHEMA_VERSION = "1.0.0"

_TS = pa.timestamp("us", tz="UTC")

CAPTION = pa.struct([("text", pa.string()), ("credit", pa.string())])
TEXT_REPAIR = pa.struct(
    [("field", pa.string()), ("broken", pa.string()), ("repaired", pa.string()), ("method", pa.string())]
)
INFO_SOURCE = pa.struct([("name", pa.string()), ("role", pa.string()), ("url", pa.string())])

ARTICLES = pa.schema(
    [
        ("uri", pa.string()),
        ("story_id", pa.string()),
        ("role", pa.string()),
        ("parent_uri", pa.string()),
        ("position", pa.int32()),
        ("representation", pa.string()),
        ("headline", pa.string()),
        ("summary", pa.string()),
        ("body", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("byline", pa.string()),
        ("dateline", pa.string()),
        ("provider", pa.string()),
        ("is_wire", pa.bool_()),
        ("published_at", _TS),
        ("updated_at", _TS),
        ("source_url", pa.string()),
        ("source_domain", pa.string()),
        ("canonical_url", pa.string()),
        ("section", pa.string()),
        ("captions", pa.list_(CAPTION)),
        ("language_score", pa.float32()),
        ("declared_language", pa.string()),
        ("text_repairs", pa.list_(TEXT_REPAIR)),
        ("info_sources", pa.list_(INFO_SOURCE)),
        ("is_canonical", pa.bool_()),
        ("links_to", pa.string()),
        ("word_count", pa.int32()),
        ("charset", pa.string()),
        ("charset_reason", pa.string()),
        ("content_sha256", pa.string()),
        ("input_uri", pa.string()),
        ("input_sha256", pa.string()),
        ("fetched_at", _TS),
        ("run_id", pa.string()),
        ("schema_version", pa.string()),
        ("pipeline_version", pa.string()),
    ]
)
ARTICLES_PARTITIONS = ("ingest_date", "language")

SIGHTINGS = pa.schema(
    [
        ("uri", pa.string()),
        ("story_id", pa.string()),
        ("role", pa.string()),
        ("input_uri", pa.string()),
        ("source_url", pa.string()),
        ("source_domain", pa.string()),
        ("fetched_at", _TS),
        ("similarity", pa.float32()),
        ("is_canonical", pa.bool_()),
        ("run_id", pa.string()),
    ]
)

ERRORS = pa.schema(
    [
        ("input_uri", pa.string()),
        ("stage", pa.string()),
        ("reason", pa.string()),
        ("message", pa.string()),
        ("url", pa.string()),
        ("run_id", pa.string()),
    ]
)


def article_row(article: Article, run_id: str, pipeline_version: str) -> dict:
    return {
        "uri": article.uri,
        "story_id": article.story_id,
        "role": article.role,
        "parent_uri": article.parent_uri,
        "position": article.position,
        "representation": article.representation,
        "headline": article.headline,
        "summary": article.summary,
        "body": article.body,
        "paragraphs": list(article.paragraphs),
        "byline": article.byline,
        "dateline": article.dateline,
        "provider": article.provider,
        "is_wire": article.is_wire,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "source_url": article.source_url,
        "source_domain": article.source_domain,
        "canonical_url": article.canonical_url,
        "section": article.section,
        "captions": [{"text": c.text, "credit": c.credit} for c in article.captions],
        "language_score": article.language_score,
        "declared_language": article.declared_language,
        "text_repairs": [
            {"field": r.field, "broken": r.broken, "repaired": r.repaired, "method": r.method}
            for r in article.text_repairs
        ],
        "info_sources": [{"name": s.name, "role": s.role, "url": s.url} for s in article.info_sources],
        "is_canonical": article.is_canonical,
        "links_to": article.links_to,
        "word_count": article.word_count,
        "charset": article.charset,
        "charset_reason": article.charset_reason,
        "content_sha256": content_sha256(article),
        "input_uri": article.input_uri,
        "input_sha256": article.input_sha256,
        "fetched_at": article.fetched_at,
        "run_id": run_id,
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": pipeline_version,
    }


def sighting_row(sighting: Sighting, run_id: str) -> dict:
    return {
        "uri": sighting.uri,
        "story_id": sighting.story_id,
        "role": sighting.role,
        "input_uri": sighting.input_uri,
        "source_url": sighting.source_url,
        "source_domain": sighting.source_domain,
        "fetched_at": sighting.fetched_at,
        "similarity": sighting.similarity,
        "is_canonical": sighting.is_canonical,
        "run_id": run_id,
    }


def error_row(error: ErrorRecord, run_id: str) -> dict:
    return {
        "input_uri": error.input_uri,
        "stage": error.stage,
        "reason": error.reason,
        "message": error.message,
        "url": error.url,
        "run_id": run_id,
    }
