"""WriteTables: records -> Hive-partitioned Parquet, committed only when every shard is written.

Input: a dict of PCollections keyed by table name: `articles` (Article),
`errors` (ErrorRecord), optionally `sightings` (Sighting) and other tables
registered in TABLES.
Output: PCollection with one summary dict per committed run (files written).

Why not fileio.WriteToFiles: on a local filesystem it loses data in a temp
folder when a partition folder is missing, and equal names from several
firings overwrite each other (ARCHITECTURE.md, measured traps). Here:

1. every row is keyed by (table, Hive partition, shard) with a sha256 of its
   id, so the same rows land in the same file on every run;
2. one DoFn call per key writes one Parquet file, rows sorted, under
   `<output>/_staging/<run_id>/...` (the `_` prefix keeps it out of every
   reader's dataset discovery);
3. a single commit step, after all shards, renames staged files into
   `<output>/<table>/<partition>/part-<shard>.parquet` and deletes files of the
   same ingest_date that this run did not write: a rerun of a night replaces
   that night's output, never adds to it, and a crash before the commit leaves
   the previous output untouched and nothing partial in the table folders.

Counters (namespace `WriteTables`): `rows:<table>`, `rows:articles:<role>:<language>`,
`rows:errors:<stage>:<reason>`, `files`, `bytes`, `stale_deleted`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from typing import Callable

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from transforms.common import busy, seal, unseal
from wire import dedup, schema

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_partition_value(value: str | None) -> str:
    """Partition values and run ids become path segments: keep them inside the output root."""
    cleaned = _SAFE.sub("_", value or "")
    return cleaned if cleaned.strip("._") else "und"


@dataclass(frozen=True)
class Table:
    name: str
    arrow_schema: pa.Schema
    to_row: Callable  # (record, run_id, pipeline_version) -> dict
    partition: Callable  # (record) -> tuple of (column, value) after ingest_date
    row_id: Callable  # (record) -> str, for sharding and ordering
    partition_columns: tuple[str, ...] = ()  # Hive columns after ingest_date


TABLES = {
    "articles": Table(
        "articles",
        schema.ARTICLES,
        lambda a, run_id, version: schema.article_row(a, run_id, version),
        lambda a: (("language", a.language),),
        lambda a: a.uri,
        ("language",),
    ),
    "sightings": Table(
        "sightings",
        schema.SIGHTINGS,
        lambda s, run_id, version: schema.sighting_row(s, run_id),
        lambda s: (),
        lambda s: s.uri,
    ),
    "errors": Table(
        "errors",
        schema.ERRORS,
        lambda e, run_id, version: schema.error_row(e, run_id),
        lambda e: (),
        lambda e: "\x1f".join((e.input_uri, e.stage, e.reason, e.message)),
    ),
}


# The cross-run story index of DeduplicateStories: one row per distinct text of a story, by the
# night it was first seen; wire.dedup.load_story_index reads this layout back.
TABLES["_index/stories"] = Table(
    "_index/stories",
    dedup.STORY_INDEX_SCHEMA,
    lambda e, run_id, version: dedup.to_row(e),
    lambda e: (),
    lambda e: e.node_id,
)


def partition_path(ingest_date: str, partition: tuple) -> str:
    parts = [f"ingest_date={safe_partition_value(ingest_date)}"]
    parts += [f"{column}={safe_partition_value(value)}" for column, value in partition]
    return "/".join(parts)


def shard_of(row_id: str, shards: int) -> int:
    return int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % shards


class KeyRowsFn(beam.DoFn):
    """Key a record by its file: (table, Hive partition, shard).

    In streaming the ingest_date is the date of the record's event time (the object's creation
    time), so a late object lands in the partition of the day it was created.
    """

    def __init__(self, table: str, ingest_date: str | None, shards: int) -> None:
        self.table, self.ingest_date, self.shards = table, ingest_date, shards

    def setup(self):
        self.spec = TABLES[self.table]

    def process(self, record, timestamp=beam.DoFn.TimestampParam):
        day = self.ingest_date or timestamp.to_utc_datetime().date().isoformat()
        partition = partition_path(day, self.spec.partition(record))
        # Sealed: read only by WriteShardFn, after the Flatten and the shuffle (see common.seal).
        yield (self.table, partition, shard_of(self.spec.row_id(record), self.shards)), seal(record)


class WriteShardFn(beam.DoFn):
    def __init__(self, output: str, run_id: str, pipeline_version: str) -> None:
        self.output, self.run_id, self.version = output.rstrip("/"), run_id, pipeline_version

    def process(self, element, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        (table, partition, shard), sealed = element
        spec = TABLES[table]
        with busy("WriteTables"):
            ordered = sorted(map(unseal, sealed), key=spec.row_id)
            rows = [spec.to_row(r, self.run_id, self.version) for r in ordered]
            arrow = pa.Table.from_pylist(rows, schema=spec.arrow_schema)
            buffer = io.BytesIO()
            pq.write_table(arrow, buffer, compression="zstd")
        name = f"part-{shard:05d}.parquet"
        if isinstance(window, beam.transforms.window.IntervalWindow):
            # Streaming: one file per window, firing and shard. A key is written by one worker per
            # firing, and a retried bundle rewrites the same name, so names never collide.
            start = window.start.to_utc_datetime().strftime("%Y%m%dT%H%M%S")
            name = f"part-{start}-p{pane.index:03d}-{shard:05d}.parquet"
        staged = f"{self.output}/_staging/{safe_partition_value(self.run_id)}/{table}/{partition}/{name}"
        with busy("WriteTables"), FileSystems.create(staged, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            handle.write(buffer.getvalue())
        beam.metrics.Metrics.counter("WriteTables", f"rows:{table}").inc(len(rows))
        beam.metrics.Metrics.counter("WriteTables", "files").inc()
        beam.metrics.Metrics.counter("WriteTables", "bytes").inc(buffer.tell())
        for row in rows:
            if table == "articles":
                key = f"rows:articles:{row['role']}:{partition.rsplit('language=', 1)[-1]}"
                if row["is_canonical"]:
                    beam.metrics.Metrics.counter("WriteTables", "rows:articles:canonical").inc()
            elif table == "errors":
                key = f"rows:errors:{row['stage']}:{row['reason']}"
            else:
                continue
            beam.metrics.Metrics.counter("WriteTables", key).inc()
        yield staged, f"{self.output}/{table}/{partition}/{name}"


def _list(pattern: str) -> list[str]:
    try:
        return [m.path for m in FileSystems.match([pattern])[0].metadata_list]
    except Exception:  # an absent folder matches nothing; Beam raises for it on some filesystems
        return []


class CommitFn(beam.DoFn):
    """Move staged shards into place, then delete this night's files that the run did not write."""

    def __init__(self, output: str, run_id: str, ingest_date: str | None, tables: tuple[str, ...]) -> None:
        # ingest_date None: streaming appends, it never deletes what other firings wrote.
        self.output, self.run_id, self.ingest_date, self.tables = output.rstrip("/"), run_id, ingest_date, tables

    def process(self, written):
        written = sorted(written)
        if written:
            for folder in sorted({f.rsplit("/", 1)[0] for _, f in written}):
                _makedirs(folder)
            FileSystems.rename([s for s, _ in written], [f for _, f in written])
        keep = {f for _, f in written}
        if self.ingest_date is None:
            # Other windows of the same run may be staging right now: only prune emptied folders.
            for staged, _ in written:
                _prune_empty_dirs(staged.rsplit("/", 1)[0], stop=f"{self.output}/_staging")
            yield {"files": len(written), "stale_deleted": 0}
            return
        date_part = f"ingest_date={safe_partition_value(self.ingest_date)}"
        stale = []
        for table in self.tables:
            for path in _list(f"{self.output}/{table}/{date_part}/**"):
                if path.endswith(".parquet") and path not in keep and _normal(path) not in keep:
                    stale.append(path)
        if stale:
            FileSystems.delete(stale)
        # A table with no rows tonight still gets an empty file with its schema, so readers
        # (duckdb globs, pyarrow datasets) find the table instead of failing on a missing folder.
        written_tables = {f[len(self.output) + 1 :].split("/ingest_date=")[0] for f in keep}
        for table in self.tables:
            spec = TABLES[table]
            if table not in written_tables and not spec.partition_columns:
                empty = pa.Table.from_pylist([], schema=spec.arrow_schema)
                path = f"{self.output}/{table}/{date_part}/part-00000.parquet"
                _makedirs(path.rsplit("/", 1)[0])
                buffer = io.BytesIO()
                pq.write_table(empty, buffer, compression="zstd")
                with FileSystems.create(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
                    handle.write(buffer.getvalue())
        beam.metrics.Metrics.counter("WriteTables", "stale_deleted").inc(len(stale))
        staging = f"{self.output}/_staging/{safe_partition_value(self.run_id)}"
        if FileSystems.exists(staging):
            FileSystems.delete([staging])
        if "://" not in staging:
            try:  # the shared staging root goes too once no other run is using it
                os.rmdir(os.path.dirname(staging))
            except OSError:
                pass
        yield {"files": len(written), "stale_deleted": len(stale)}


def _prune_empty_dirs(folder: str, stop: str) -> None:
    """Remove `folder` and its parents up to and including `stop` while they are empty (local only)."""
    if "://" in folder:
        return
    stop_parent = os.path.dirname(stop)
    while folder.startswith(stop) and folder != stop_parent:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


def _makedirs(folder: str) -> None:
    # Local renames fail into a missing folder (the WriteToFiles trap); object stores have no folders.
    if "://" not in folder:
        os.makedirs(folder, exist_ok=True)


def _normal(path: str) -> str:
    return path if "://" in path else os.path.normpath(path)


class WriteTables(beam.PTransform):
    """`ingest_date=None` selects streaming mode: partitions by event-time date, appends per window."""

    def __init__(
        self, output: str, run_id: str, ingest_date: str | None, pipeline_version: str, shards: int = 1
    ) -> None:
        super().__init__()
        self.output = output if "://" in output else _abs(output)
        self.run_id, self.ingest_date, self.version, self.shards = run_id, ingest_date, pipeline_version, shards

    def expand(self, tables: dict):
        keyed = [
            pcoll | f"Key:{name}" >> beam.ParDo(KeyRowsFn(name, self.ingest_date, self.shards))
            for name, pcoll in sorted(tables.items())
        ]
        written = (
            keyed
            | "AllRows" >> beam.Flatten()
            # -> ((table, partition, shard), record)
            | "GroupByShard" >> beam.GroupByKey()
            # -> ((table, partition, shard), [record, ...])
            | "WriteShards" >> beam.ParDo(WriteShardFn(self.output, self.run_id, self.version))
            # -> (staged path, final path)
        )
        to_list = beam.CombineGlobally(beam.combiners.ToListCombineFn())
        # Batch commits even an empty run (it still replaces the night); a window without files has nothing to commit.
        to_list = to_list.without_defaults() if self.ingest_date is None else to_list
        return (
            written
            | "AllShards" >> to_list
            # -> [(staged, final), ...] per window: one small list of paths, never rows
            | "Commit" >> beam.ParDo(CommitFn(self.output, self.run_id, self.ingest_date, tuple(sorted(tables))))
        )


def _abs(path: str) -> str:
    return os.path.abspath(path)
