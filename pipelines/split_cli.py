"""`wire-ingest split FILE... [--url URL] [--jsonl] [--ninjs]`: show how pages split.

The tool a user reaches for when one page comes out wrong. Each FILE is read
exactly as the pipeline reads it (gzip, WARC, `<file>.meta.json` sidecar via
wire.ingest_io.read_local_file; charset via wire.decode.decode_page), split by
wire.split.split_page, and printed as one JSON object per file:

    {"input": <path as given>, "articles": [{role, position, representation, headline,
     summary, paragraphs, byline, dateline, provider, published_at, captions: [{text, credit}], ...}]}

`--ninjs` prints {"input": ..., "ninjs": [<one ninjs 3.1 item per page>]} instead.
A file the pipeline would reject prints {"input": ..., "articles": [], "errors":
[{stage, reason, message}]} and makes the exit status 1. FILE "-" reads stdin.
`--url` sets the page URL (as a sidecar would). Pretty JSON by default, one
line per file with `--jsonl`.

    python -m pipelines.split_cli FILE...
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime, timezone
from typing import IO

from wire.decode import decode_page
from wire.ingest_io import expand_object, read_local_file
from wire.records import Article, RawPage, Rejected
from wire.split import split_page

# The fields a reader looks at first, in this order; the rest of the record follows.
_LEADING_FIELDS = (
    "role", "position", "representation", "headline", "summary", "paragraphs", "byline", "dateline",
    "provider", "published_at", "captions",
)


def _jsonable(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def article_json(article: Article) -> dict:
    """An Article as a JSON object, the fields a user checks first leading."""
    data = _jsonable(article)
    out = {name: data.pop(name) for name in _LEADING_FIELDS}
    out.update(data)
    out["body_word_count"] = article.word_count
    return out


def _raw_pages(path: str, stdin: IO) -> list[RawPage]:
    if path == "-":
        buffer = getattr(stdin, "buffer", None)
        data = buffer.read() if buffer is not None else stdin.read().encode("utf-8")
        name = "<stdin>.gz" if data[:2] == b"\x1f\x8b" else "<stdin>"
        return expand_object(name, data)
    return read_local_file(path)


def split_file(path: str, url: str | None = None, stdin: IO = sys.stdin) -> tuple[list[list[Article]], list[dict]]:
    """([articles of each page], [errors]) for one file, as the pipeline would split it."""
    try:
        raws = _raw_pages(path, stdin)
    except Rejected as exc:
        return [], [{"stage": "ReadRawPages", "reason": exc.reason, "message": exc.message}]
    except OSError as exc:
        return [], [{"stage": "ReadRawPages", "reason": "unreadable", "message": f"{type(exc).__name__}: {exc}"}]
    pages: list[list[Article]] = []
    errors: list[dict] = []
    for raw in raws:
        if url:
            raw = dataclasses.replace(raw, url=url)
        try:
            page = decode_page(raw)
        except Rejected as exc:
            errors.append({"stage": "ReadRawPages", "reason": exc.reason, "message": exc.message, "input_uri": raw.input_uri})
            continue
        try:
            pages.append(split_page(page))
        except Rejected as exc:
            errors.append({"stage": "SplitPages", "reason": exc.reason, "message": exc.message, "input_uri": raw.input_uri})
        except Exception as exc:  # the pipeline dead-letters these too; show the same reason here
            errors.append(
                {"stage": "SplitPages", "reason": "split_failed", "message": f"{type(exc).__name__}: {exc}", "input_uri": raw.input_uri}
            )
    return pages, errors


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wire-ingest split",
        description="Split pages into their main and embedded articles and print them as JSON.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="page files (.html/.htm/.txt/.warc, optionally .gz); - for stdin")
    parser.add_argument("--url", help="the page URL, as a sidecar's url would give it")
    parser.add_argument("--jsonl", action="store_true", help="one JSON line per file")
    parser.add_argument("--ninjs", action="store_true", help="print ninjs 3.1 items instead of article records")
    return parser


def main(argv: list[str] | None = None, stdin: IO = sys.stdin, stdout: IO = sys.stdout) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    status = 0
    for path in args.files:
        pages, errors = split_file(path, args.url, stdin)
        record: dict = {"input": path}
        if args.ninjs:
            from wire.ninjs import to_ninjs

            record["ninjs"] = [to_ninjs(articles[0], articles[1:]) for articles in pages]
        else:
            record["articles"] = [article_json(a) for articles in pages for a in articles]
        if errors:
            record["errors"] = errors
            status = 1
        if args.jsonl:
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
