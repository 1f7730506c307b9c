"""`wire-ingest langid [--jsonl]`: identify the language of texts on stdin, as the pipeline would.

For checking a doubtful record without running the pipeline. One result line
per input line, in order:

    --jsonl   input  {"text": "...", "declared": "fr"}   ("declared" is optional:
                     the page's <html lang>, evidence only)
              output {"language": "fr", "score": 0.93, "candidate": "fr",
                      "reason": "agree", "letters": 120, "declared": "fr",
                      "disagreed_with_declared": false}
    plain     input  one text per line
              output "<language>\\t<score>" per line

`language` is `und` when the score is below `--min-score`; `candidate` is the
best guess all the same. A line that is not a JSON object with a string
"text" gives {"error": ..., "line": N} and makes the exit status 1.

    python -m pipelines.langid_cli [--jsonl] [--min-score X] [--prefix-chars N] [--declared LANG]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from wire.langid import DEFAULT_MIN_SCORE, DEFAULT_PREFIX_CHARS, LanguageIdentifier, LanguageResult


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wire-ingest langid", description=__doc__.split("\n")[0])
    parser.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines, write JSON lines')
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE, help="below this score: und")
    parser.add_argument("--prefix-chars", type=int, default=DEFAULT_PREFIX_CHARS, help="characters read per text")
    parser.add_argument("--declared", default=None, help="declared language for every line (plain mode)")
    return parser


def result_json(result: LanguageResult) -> dict:
    return {
        "language": result.language,
        "score": result.score,
        "candidate": result.candidate,
        "reason": result.reason,
        "letters": result.letters,
        "declared": result.declared,
        "disagreed_with_declared": result.disagreed_with_declared,
    }


def _parse(line: str) -> tuple[str, str | None]:
    record = json.loads(line)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError('expected a JSON object with a string "text"')
    declared = record.get("declared")
    if declared is not None and not isinstance(declared, str):
        raise ValueError('"declared" must be a string')
    return record["text"], declared


def main(argv: list[str] | None = None, stdin: IO = sys.stdin, stdout: IO = sys.stdout) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        identifier = LanguageIdentifier(min_score=args.min_score, prefix_chars=args.prefix_chars)
    except ValueError as exc:
        print(f"wire-ingest langid: {exc}", file=sys.stderr)
        return 2
    status = 0
    for number, line in enumerate(stdin, start=1):
        line = line.rstrip("\r\n")
        if args.jsonl:
            if not line.strip():
                continue
            try:
                text, declared = _parse(line)
            except ValueError as exc:  # json.JSONDecodeError is a ValueError
                stdout.write(json.dumps({"error": str(exc), "line": number}) + "\n")
                status = 1
                continue
            result = identifier.detect(text, declared)
            stdout.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
        else:
            result = identifier.detect(line, args.declared)
            stdout.write(f"{result.language}\t{result.score}\n")
    stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
