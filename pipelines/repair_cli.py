"""`wire-ingest repair [--jsonl] [--explain]`: repair mojibake in text read from stdin.

Plain mode: stdin is one text; the repaired text goes to stdout (with
--explain, one line per repair goes to stderr: method, broken -> repaired).
--jsonl: every stdin line is `{"text": ...}` (or a bare JSON string); every
output line is `{"text": <repaired>, "repairs": [{"broken", "repaired",
"method"}, ...]}` (with --explain, also `"doubt": <tokens left on doubt>`).
Exit status: 0, or 2 for a line that is not JSON with a "text" string.
"""

from __future__ import annotations

import argparse
import json
import sys

from wire.repair import repair


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="wire-ingest repair", description="Repair mojibake read from stdin.")
    ap.add_argument("--jsonl", action="store_true", help='read {"text": ...} lines, write {"text", "repairs"} lines')
    ap.add_argument("--explain", action="store_true", help="say what was repaired and how (stderr, or a doubt count in --jsonl)")
    return ap


def main(argv: list[str] | None = None, stdin=None, stdout=None, stderr=None) -> int:
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    args = _parser().parse_args(list(argv or []))
    if not args.jsonl:
        text = stdin.read()
        result = repair(text)
        stdout.write(result.text)
        if args.explain:
            for broken, repaired, method in result.repairs:
                print(f"{method}\t{broken!r} -> {repaired!r}", file=stderr)
            print(f"doubt\t{result.doubts}", file=stderr)
        return 0
    status = 0
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"line {number}: not JSON: {exc}", file=stderr)
            status = 2
            continue
        text = value.get("text") if isinstance(value, dict) else value
        if not isinstance(text, str):
            print(f'line {number}: expected {{"text": <string>}}', file=stderr)
            status = 2
            continue
        result = repair(text)
        out = {
            "text": result.text,
            "repairs": [{"broken": b, "repaired": r, "method": m} for b, r, m in result.repairs],
        }
        if args.explain:
            out["doubt"] = result.doubts
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
