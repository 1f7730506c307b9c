"""Articles -> IPTC ninjs 3.1 items (the JSON news format wire customers exchange).

to_ninjs(main, embedded) -> dict: one ninjs item for a page's main article
(`representationType: full`) with its embedded articles as `associations`
(each itself a ninjs item with `name` and `rel`, `representationType` full or
partial) and its photo captions as `picture` associations. Mapping (see
ARCHITECTURE.md, the output contract):

  headline -> headlines[role=main]        summary -> descriptions[role=summary]
  paragraphs -> bodies[role=main, text/plain, wordCount, charCount]
  byline -> by     dateline -> located     provider -> copyrightHolder, infoSources[originator]
  info_sources -> infoSources              published_at/updated_at -> firstCreated/versionCreated
  story_id, source_url, source_domain, canonical_url, section, links_to, input_uri -> altIds
  language -> language                     captions -> associations[type=picture]

Fields ninjs has no place for (role, position, text_repairs) stay in the Parquet
tables; the schema forbids unknown properties. Pure and total: never raises on a
valid Article.
"""

from __future__ import annotations

from datetime import datetime, timezone

from wire.records import Article, Caption, InfoSource, sha256_hex

NINJS_VERSION = "3.1"
NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
PROFILE = "wire-ingest-article"


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    spec = "microseconds" if value.microsecond else "seconds"
    return value.isoformat(timespec=spec).replace("+00:00", "Z")


def _is_uri(value: str | None) -> bool:
    return bool(value) and ":" in value and value.split(":", 1)[0].isalpha()  # type: ignore[union-attr]


def _item(article: Article) -> dict:
    item: dict = {
        "uri": article.uri,
        "type": "text",
        "representationType": article.representation if article.representation in ("full", "partial") else "partial",
        "profile": PROFILE,
        "pubStatus": "usable",
    }
    first = _time(article.published_at)
    version = _time(article.updated_at) or first
    if first:
        item["firstCreated"] = first
    if version:
        item["versionCreated"] = version
    if article.language:
        item["language"] = article.language
    if article.headline:
        item["headlines"] = [{"role": "main", "contentType": "text/plain", "value": article.headline}]
    if article.summary:
        item["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": article.summary}]
    if article.paragraphs:
        body = article.body
        item["bodies"] = [
            {
                "role": "main",
                "contentType": "text/plain",
                "value": body,
                "wordCount": article.word_count,
                "charCount": len(body),
            }
        ]
    if article.byline:
        item["by"] = article.byline
    if article.dateline:
        item["located"] = article.dateline
    if article.provider:
        item["copyrightHolder"] = article.provider
    sources = _info_sources(article)
    if sources:
        item["infoSources"] = sources
    alt_ids = _alt_ids(article)
    if alt_ids:
        item["altIds"] = alt_ids
    return item


def _info_sources(article: Article) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    entries = list(article.info_sources)
    if article.provider and not any(s.role == "originator" for s in entries):
        entries.insert(0, InfoSource(name=article.provider, role="originator"))
    for source in entries:
        key = (source.name, source.role)
        if key in seen or not source.name:
            continue
        seen.add(key)
        entry = {"name": source.name, "role": source.role}
        if _is_uri(source.url):
            entry["uri"] = source.url
        out.append(entry)
    return out


def _alt_ids(article: Article) -> list[dict]:
    pairs = [
        ("storyId", article.story_id),
        ("canonicalUrl", article.canonical_url),
        ("sourceUrl", article.source_url),
        ("sourceDomain", article.source_domain),
        ("section", article.section),
        ("linksTo", article.links_to),
        ("inputUri", article.input_uri),
    ]
    return [{"role": role, "value": value} for role, value in pairs if value]


def _picture(article: Article, index: int, caption: Caption) -> dict:
    digest = sha256_hex("\x1f".join((article.uri, str(index), caption.text)))[:32]
    uri = f"urn:wire-ingest:picture:{digest}"
    item: dict = {"name": f"picture{index + 1}", "rel": "picture", "uri": uri, "type": "picture"}
    if caption.text:
        item["descriptions"] = [{"role": "caption", "contentType": "text/plain", "value": caption.text}]
    if caption.credit:
        item["by"] = caption.credit
    return item


def to_ninjs(main: Article, embedded: list[Article] | tuple[Article, ...] = ()) -> dict:
    """A ninjs 3.1 item for the main article, its embedded articles and captions as associations."""
    item = _item(main)
    item["standard"] = {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA_URI}
    associations = [_picture(main, i, c) for i, c in enumerate(main.captions)]
    for article in embedded:
        assoc = _item(article)
        assoc["name"] = f"embedded{article.position}"
        assoc["rel"] = "appended" if article.representation == "full" else "related"
        pictures = [_picture(article, i, c) for i, c in enumerate(article.captions)]
        if pictures:
            assoc["associations"] = pictures
        associations.append(assoc)
    if associations:
        item["associations"] = associations
    return item
