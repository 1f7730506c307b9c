"""The ingest pipeline: raw pages -> clean, deduplicated, Hive-partitioned Parquet.

    python -m pipelines.ingest --input samples/ --output out/ [--config FILE] [Beam options]
    python -m pipelines.ingest --streaming --input_subscription projects/P/subscriptions/S --output gs://...

Batch and streaming share `process_pages`: the same split, repair, language and dedup
stages; only the source, the dedup strategy and the write windows differ.

`build_pipeline` reads top to bottom like the diagram in ARCHITECTURE.md; each
step has a stable label and a comment with the shape of its output.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import time
from collections import defaultdict

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions, StandardOptions
from apache_beam.transforms import window
from apache_beam.utils.timestamp import Duration

from transforms.common import ERRORS
from transforms.dedup import DeduplicateStories
from transforms.dedup_streaming import StreamingDeduplicateStories
from transforms.guard import SplitLimits
from transforms.language import DetectLanguage
from transforms.notifications import ReadNotifiedPages
from transforms.read import ReadRawPages
from transforms.repair import RepairText
from transforms.split import SplitPages
from transforms.write import WriteTables, safe_partition_value
from wire import __version__
from wire.config import PipelineConfig, load_config
from wire.dedup import DedupConfig

# Stages whose dead letters are whole inputs: they make the accounting identity
# inputs = pages split + inputs in errors/.
INPUT_STAGES = ("ReadRawPages", "SplitPages")
INDEX_TABLE = "_index/stories"


def index_path(config: PipelineConfig) -> str:
    """The cross-run story index: `dedup.index_path`, or `<output>/_index/stories`."""
    return config.dedup.get("index_path") or f"{config.output.rstrip('/')}/{INDEX_TABLE}"


def language_settings(config: PipelineConfig) -> dict:
    allowed = {"min_score", "prefix_chars"}
    unknown = sorted(set(config.language) - allowed)
    if unknown:
        raise ValueError(f"unknown key(s) in language: {', '.join(unknown)}")
    return dict(config.language)


class Progress(beam.DoFn):
    """Pass-through that tells a local user how far the run is, at most every few seconds per worker."""

    def __init__(self, label: str, every_s: float = 2.0) -> None:
        self.label, self.every_s = label, every_s

    def start_bundle(self):
        self.n, self.last = 0, time.monotonic()

    def process(self, element):
        self.n += 1
        now = time.monotonic()
        if now - self.last >= self.every_s:
            print(f"[wire-ingest] {self.label}: {self.n} so far", file=sys.stderr, flush=True)
            self.last = now
        yield element

    def finish_bundle(self):
        if self.n:
            print(f"[wire-ingest] {self.label}: {self.n}", file=sys.stderr, flush=True)


def process_pages(pages, config: PipelineConfig, ingest_date: str | None) -> dict:
    """The stages every mode shares, from decoded pages to the tables' records.

    `ingest_date=None` is streaming: dedup is then the stateful, TTL-bounded variant, since the
    batch stage's global connected components need the whole night at once.
    """
    split = pages | "SplitPages" >> SplitPages(limits=SplitLimits.from_mapping(config.split), batch=ingest_date is not None)
    # split.articles -> Article (main + embedded); split[ERRORS] -> ErrorRecord
    repaired = split.articles | "RepairText" >> RepairText()
    # -> Article with text_repairs
    detected = repaired | "DetectLanguage" >> DetectLanguage(**language_settings(config))
    # -> Article with language, language_score
    dedup_config = DedupConfig.from_dict({k: v for k, v in config.dedup.items() if k != "index_path"})
    if ingest_date is None:
        dedup = StreamingDeduplicateStories(dedup_config, index_path(config), config.streaming.dedup_ttl_s)
    else:
        dedup = DeduplicateStories(dedup_config, ingest_date, index_path(config))
    stories = detected | "DeduplicateStories" >> dedup
    # stories: articles -> Article (story_id, info_sources, is_canonical), sightings -> Sighting,
    #          index -> StoryIndexEntry
    return {
        "articles": stories["articles"],
        "sightings": stories["sightings"],
        INDEX_TABLE: stories["index"],
        "split_errors": split[ERRORS],
        "split_mains": split.articles | "MainArticles" >> beam.Filter(lambda a: a.role == "main"),
    }


def build_pipeline(p: beam.Pipeline, config: PipelineConfig, progress: bool = False) -> dict:
    pages, read_errors = p | "ReadRawPages" >> ReadRawPages(config.input, config.read)
    # pages -> Page; read_errors -> ErrorRecord
    if progress:
        pages = pages | "ProgressRead" >> beam.ParDo(Progress("pages read"))
    tables = process_pages(pages, config, config.ingest_date)
    split_mains = tables.pop("split_mains")
    tables["errors"] = (read_errors, tables.pop("split_errors")) | "AllErrors" >> beam.Flatten()
    # errors -> ErrorRecord
    committed = tables | "WriteTables" >> WriteTables(
        config.output, config.run_id, config.ingest_date, __version__, config.write.shards
    )
    # committed -> one summary dict, once every shard is in place
    report = {**tables, "pages": pages, "read_errors": read_errors, "split_mains": split_mains, "committed": committed}
    reported = report | "TallyRun" >> TallyRun(config)
    # reported -> the path of _runs/<run_id>/report.json, written by the job itself
    return {**tables, "committed": committed, "reported": reported}


def build_streaming_pipeline(p: beam.Pipeline, config: PipelineConfig, messages=None) -> dict:
    """GCS Pub/Sub notifications -> the same stages -> windowed, Hive-partitioned Parquet.

    `messages` replaces the Pub/Sub source in tests (a TestStream of PubsubMessage).
    """
    if messages is None:
        messages = p | "ReadNotifications" >> beam.io.ReadFromPubSub(
            subscription=config.input, with_attributes=True
        )
    # messages -> PubsubMessage
    pages, read_errors = messages | "ReadRawPages" >> ReadNotifiedPages(config.read, config.streaming.notification_ttl_s)
    # pages -> Page, timestamped with the object's creation time; read_errors -> ErrorRecord
    tables = process_pages(pages, config, ingest_date=None)
    tables.pop("split_mains")  # a stream has no end to report at; counters serve its monitoring
    tables["errors"] = (read_errors, tables.pop("split_errors")) | "AllErrors" >> beam.Flatten()
    # Windows only now: dedup keeps its state across windows, the writes are per window.
    windowing = beam.WindowInto(
        window.FixedWindows(config.streaming.window_s),
        allowed_lateness=Duration(seconds=config.streaming.allowed_lateness_s),
    )
    windowed = {name: pcoll | f"Window:{name}" >> windowing for name, pcoll in tables.items()}
    # each table -> records in fixed windows of event time
    committed = windowed | "WriteTables" >> WriteTables(
        config.output, config.run_id, None, __version__, config.write.shards
    )
    # committed -> one summary per window firing
    return {**tables, "committed": committed}


def counters_of(result) -> dict[str, dict[str, int]]:
    """Beam counters by namespace -> name -> value (committed where the runner has them)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for counter in result.metrics().query()["counters"]:
        try:
            value = counter.committed
        except Exception:  # some runners only report attempted values
            value = None
        if value is None:
            value = counter.attempted
        key = counter.key.metric
        out[key.namespace][key.name] = out[key.namespace].get(key.name, 0) + int(value)
    return {ns: dict(sorted(names.items())) for ns, names in sorted(out.items())}


def make_report(config: PipelineConfig, tallies: dict, seconds: float | None, counters: dict | None = None) -> dict:
    """The run report from tallies: `inputs`, `pages_split`, `sightings`, `stories`, `skipped`,
    `articles:<role>:<language>`, `errors:<stage>:<reason>` (from counters or from the graph)."""
    articles = {k.split(":", 1)[1]: v for k, v in sorted(tallies.items()) if k.startswith("articles:")}
    errors = {k.split(":", 1)[1]: v for k, v in sorted(tallies.items()) if k.startswith("errors:")}
    inputs, pages_split = tallies.get("inputs", 0), tallies.get("pages_split", 0)
    input_errors = sum(v for k, v in errors.items() if k.split(":", 1)[0] in INPUT_STAGES)
    return {
        "run_id": config.run_id,
        "ingest_date": config.ingest_date,
        "input": config.input,
        "output": config.output,
        "pipeline_version": __version__,
        "seconds": None if seconds is None else round(seconds, 3),
        "totals": {
            "inputs": inputs,
            "pages_split": pages_split,
            "inputs_in_errors": input_errors,
            "accounting_holds": inputs == pages_split + input_errors,
            "error_ratio": round(input_errors / inputs, 6) if inputs else 0.0,
            "articles": sum(articles.values()),
            "errors": sum(errors.values()),
            "stories": tallies.get("stories", 0),
            "sightings": tallies.get("sightings", 0),
            "skipped_objects": tallies.get("skipped"),
        },
        "articles_by_role_language": articles,
        "errors_by_stage_reason": errors,
        "counters": counters,
    }


def tallies_from_counters(counters: dict) -> dict:
    read = counters.get("ReadRawPages", {})
    writes = counters.get("WriteTables", {})
    failed = sum(v for k, v in read.items() if k.startswith("failed:"))
    tallies = {
        # Objects that failed whole, plus every page they held or that was read.
        "inputs": read.get("pages", 0) + failed - _decode_failures(read),
        "pages_split": counters.get("SplitPages", {}).get("passed", 0),
        "stories": writes.get("rows:articles:canonical", 0),
        "sightings": writes.get("rows:sightings", 0),
        "skipped": read.get("skipped:not_a_page", 0) + read.get("skipped:orphan_sidecar", 0),
    }
    for key, value in writes.items():
        parts = key.split(":")
        if parts[:2] == ["rows", "articles"] and len(parts) == 4 or parts[:2] == ["rows", "errors"]:
            tallies[key[len("rows:") :]] = value
    return tallies


def build_report(config: PipelineConfig, counters: dict, seconds: float) -> dict:
    return make_report(config, tallies_from_counters(counters), seconds, counters)


class TallyRun(beam.PTransform):
    """Count the run's totals inside the graph, for runs that nobody waits on (a Flex Template
    launch): the job writes its own report once the tables are committed; a waiting launcher
    later replaces it with the richer one that carries every counter."""

    def __init__(self, config: PipelineConfig) -> None:
        super().__init__()
        self.config = config

    def expand(self, parts: dict):
        tagged = [
            parts["pages"] | "TallyPages" >> beam.Map(lambda _: "inputs"),
            parts["read_errors"] | "TallyReadErrors" >> beam.Map(lambda _: "inputs"),
            parts["split_mains"] | "TallySplit" >> beam.Map(lambda _: "pages_split"),
            parts["articles"] | "TallyArticles" >> beam.FlatMap(
                lambda a: [f"articles:{a.role}:{a.language}"] + (["stories"] if a.is_canonical else [])
            ),
            parts["errors"] | "TallyErrors" >> beam.Map(lambda e: f"errors:{e.stage}:{e.reason}"),
            parts["sightings"] | "TallySightings" >> beam.Map(lambda _: "sightings"),
        ]
        tallies = (
            tagged
            | "AllTallies" >> beam.Flatten()
            | "CountTallies" >> beam.combiners.Count.PerElement()
            | "TallyDict" >> beam.combiners.ToDict()
        )
        config = self.config
        return parts["committed"] | "WriteReport" >> beam.Map(
            lambda _, t: write_report(config, make_report(config, t, None)), t=beam.pvalue.AsSingleton(tallies)
        )


def _decode_failures(read: dict) -> int:
    # Decode failures are counted in the same namespace but per page, not per object; both are
    # inputs in errors. Objects = pages + failed objects, so only object-level failures are added.
    from wire.decode import DECODE_REASONS

    return sum(read.get(f"failed:{reason}", 0) for reason in DECODE_REASONS)


def write_report(config: PipelineConfig, report: dict) -> str:
    path = f"{config.output.rstrip('/')}/_runs/{safe_partition_value(config.run_id)}/report.json"
    with FileSystems.create(path, mime_type="application/json", compression_type=CompressionTypes.UNCOMPRESSED) as f:
        f.write(json.dumps(report, indent=1, sort_keys=True, default=str).encode("utf-8"))
    return path


def format_summary(report: dict, report_path: str) -> str:
    t = report["totals"]
    lines = [
        f"wire-ingest run {report['run_id']} (ingest_date {report['ingest_date']}) in {report['seconds']:.1f}s",
        f"  inputs: {t['inputs']}  pages split: {t['pages_split']}  inputs in errors: {t['inputs_in_errors']}"
        f"  accounting {'holds' if t['accounting_holds'] else 'DOES NOT HOLD'}"
        f"  (skipped non-page objects: {t['skipped_objects']})",
        f"  articles written: {t['articles']}",
    ]
    for key, n in sorted(report["articles_by_role_language"].items()):
        role, language = key.split(":", 1)
        lines.append(f"    {role:<9} {language:<6} {n}")
    lines.append(f"  errors written: {t['errors']}  (error ratio {t['error_ratio']:.3f})")
    for key, n in sorted(report["errors_by_stage_reason"].items()):
        stage, reason = key.split(":", 1)
        lines.append(f"    {stage:<14} {reason:<22} {n}")
    out = report["output"].rstrip("/")
    lines.append(f"  stories: {t['stories']}  sightings: {t['sightings']}")
    lines.append(f"  tables: {out}/articles/  {out}/sightings/  {out}/errors/")
    lines.append(f"  report: {report_path}")
    return "\n".join(lines)


class QualityGateFailed(RuntimeError):
    pass


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="wire-ingest run", description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", help="batch: local folder, glob, or gs:// prefix of raw pages")
    source.add_argument(
        "--input_subscription",
        help="streaming (with --streaming): projects/P/subscriptions/S receiving GCS OBJECT_FINALIZE notifications",
    )
    parser.add_argument("--output", required=True, help="local folder or gs:// prefix for the tables")
    parser.add_argument("--config", help="run profile YAML (default: the packaged configs/local.yaml)")
    parser.add_argument("--run_id", help="id of this run (default: a UTC timestamp)")
    parser.add_argument("--ingest_date", help="YYYY-MM-DD partition of this run (default: today, UTC)")
    parser.add_argument("--no_progress", action="store_true", help="do not print progress lines")
    return parser.parse_known_args(argv)


def run(argv: list[str] | None = None, save_main_session: bool = False, messages=None) -> dict:
    """Run the batch job (or the streaming job, with --streaming); returns the run report.

    `messages`: a PTransform producing PubsubMessages, in place of the subscription (tests).
    """
    args, beam_args = parse_args(argv)
    options = PipelineOptions(beam_args)
    standard = options.view_as(StandardOptions)
    streaming = bool(standard.streaming)
    if streaming != bool(args.input_subscription or messages is not None):
        raise SystemExit("wire-ingest run: --input_subscription goes with --streaming, --input with batch")
    config = load_config(
        args.config,
        input=args.input or args.input_subscription or "test-stream",
        output=args.output,
        run_id=args.run_id,
        ingest_date=args.ingest_date,
    )
    options.view_as(SetupOptions).save_main_session = save_main_session
    local = standard.runner in (None, "DirectRunner", "FnApiRunner", "PrismRunner", "BundleBasedDirectRunner")
    started = time.monotonic()
    pipeline = beam.Pipeline(options=options)
    if streaming:
        source = pipeline | "TestMessages" >> messages if messages is not None else None
        build_streaming_pipeline(pipeline, config, source)
    else:
        build_pipeline(pipeline, config, progress=local and not args.no_progress)
    # Modules, models and the graph live as long as the run: frozen, they stay out of the cyclic
    # collector's full passes (0.33 -> 0.11 s of collection in the 2,000-page benchmark run).
    # Unfrozen after, so a process that runs again (tests, a notebook) can still collect them.
    gc.freeze()
    try:
        result = pipeline.run()
        if _dry_run(options) or not getattr(result, "has_job", True) or (streaming and not local):
            # A dry run or a --template_location run built the job without running it; a streaming
            # job on Dataflow runs until drained. A launched batch job writes its own report.
            return {}
        result.wait_until_finish()
    finally:
        gc.unfreeze()
    report = build_report(config, counters_of(result), time.monotonic() - started)
    path = write_report(config, report)
    print(format_summary(report, path), flush=True)
    ratio = report["totals"]["error_ratio"]
    if ratio > config.quality.max_error_ratio:
        raise QualityGateFailed(
            f"error ratio {ratio:.3f} is above quality.max_error_ratio {config.quality.max_error_ratio}"
        )
    return report


def _dry_run(options: PipelineOptions) -> bool:
    return bool(options.get_all_options().get("dry_run"))


def main(argv: list[str] | None = None) -> int:
    logging.getLogger().setLevel(logging.WARNING)
    try:
        run(argv)
    except QualityGateFailed as exc:
        print(f"wire-ingest: quality gate failed: {exc}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
