"""The `wire-ingest` console script: one subcommand per job a user reaches for.

    wire-ingest run     --input PATH --output PATH [--config FILE] [Beam options]
    wire-ingest split   FILE... [--url URL] [--jsonl] [--ninjs]
    wire-ingest repair  [--jsonl] [--explain]      (stdin -> stdout)
    wire-ingest langid  [--jsonl]                  (stdin -> stdout)
"""

from __future__ import annotations

import importlib
import sys

# Subcommand -> module with `main(argv) -> int`; imported lazily so `repair` never pays for Beam.
COMMANDS = {
    "run": "pipelines.ingest",
    "split": "pipelines.split_cli",
    "repair": "pipelines.repair_cli",
    "langid": "pipelines.langid_cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr if argv and argv[0] not in ("-h", "--help") else sys.stdout)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[argv[0]])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
