"""The program the Dataflow Flex Template launcher runs (FLEX_TEMPLATE_PYTHON_PY_FILE).

    python launch.py --input gs://... --output gs://... [--config FILE] [--run_id ID]
                     [--ingest_date YYYY-MM-DD] [Dataflow options the launcher adds]

The template's parameters are the CLI flags of `wire-ingest run` (deploy/dataflow/metadata.json),
so this file adds only what a launch inside the template image needs:

- `--config` defaults to the packaged Dataflow run profile (configs/dataflow.yaml), not the local
  one, and may be a gs:// object (read once here; workers never read configs).
- It submits the job and exits without waiting: a Flex Template launch must return once `run()`
  is called (Google's Flex Template docs: never wait_until_finish there), and the launcher may ask
  for the job description only (`--template_location`). So unlike `wire-ingest run`, this process
  has no counters and writes no run report: on the template route the report has to be written by
  the job itself (pipelines.ingest writes it from the waiting driver today).
"""

from __future__ import annotations

import logging
import sys
import tempfile
from importlib import resources

from pipelines import ingest


def default_config() -> str:
    return str(resources.files("configs").joinpath("dataflow.yaml"))


def resolve_config(argv: list[str]) -> list[str]:
    """Give --config its Dataflow default and turn a gs:// profile into a local file."""
    args, _ = ingest.parse_args(argv)
    if not args.config:
        return [*argv, "--config", default_config()]
    if not args.config.startswith("gs://"):
        return argv
    from apache_beam.io.filesystems import FileSystems

    with (
        FileSystems.open(args.config) as remote,
        tempfile.NamedTemporaryFile("wb", suffix=".yaml", delete=False) as local,
    ):
        local.write(remote.read())
    # The last occurrence wins in argparse, so the local copy overrides the gs:// one.
    return [*argv, "--config", local.name]


def submit(argv: list[str]) -> dict:
    """Build the graph and hand it to the runner without waiting; returns what was submitted."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import GoogleCloudOptions, PipelineOptions

    from wire.config import load_config

    args, beam_args = ingest.parse_args(argv)
    config = load_config(
        args.config, input=args.input, output=args.output, run_id=args.run_id, ingest_date=args.ingest_date
    )
    options = PipelineOptions(beam_args)
    pipeline = beam.Pipeline(options=options)
    ingest.build_pipeline(pipeline, config)
    result = pipeline.run()
    job = getattr(result, "job_id", lambda: None)() if getattr(result, "has_job", False) else None
    return {
        "run_id": config.run_id,
        "ingest_date": config.ingest_date,
        "template_location": options.view_as(GoogleCloudOptions).template_location,
        "job_id": job,
    }


def main(argv: list[str] | None = None) -> int:
    summary = submit(resolve_config(list(sys.argv[1:] if argv is None else argv)))
    where = summary["template_location"] or f"job {summary['job_id']}"
    print(f"wire-ingest: run {summary['run_id']} (ingest_date {summary['ingest_date']}) submitted: {where}", flush=True)
    return 0


if __name__ == "__main__":
    # The launcher's log is where a failed launch is diagnosed: keep Beam's INFO lines (staging, job id).
    logging.getLogger().setLevel(logging.INFO)
    sys.exit(main())
