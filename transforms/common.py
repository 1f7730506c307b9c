"""Shared plumbing for stage DoFns: the dead-letter tag and counters.

Convention (house style 4 and 5): a stage DoFn yields its good records on the
main output and `ErrorRecord`s on the tagged output ERRORS; it counts every
element in the stage's own counter namespace as `passed` or `failed:<reason>`.

Stage timers: `with busy(stage):` around a stage's own work (never around a
`yield`: the fused stages downstream run inside it) adds its wall time to the
counter `<stage>:busy_us`, so the run report says where a run's time went
(benchmarks/bench_pipeline.py reads it).
A composite stage returns the ParDo's DoOutputsTuple, so callers write
`result.main` / `result[ERRORS]`.

`seal` / `unseal`: a record that crosses shuffles only to be read at the far end goes as
the bytes of one pickle (dedup's copies, the writer's rows).
"""

from __future__ import annotations

import pickle
import time

import apache_beam as beam
from apache_beam import pvalue

from wire.records import ErrorRecord

ERRORS = "errors"
BUSY = "busy_us"

_busy_counters: dict = {}


class busy:  # lower-case: used like a function, `with busy(stage):`
    """Add the wall time of the block to the counter `<stage>:busy_us` (microseconds).

    A class, not @contextmanager: that one re-raises through a generator and sets the
    exception's __traceback__, which a frozen-dataclass exception (wire.records.Rejected) refuses.
    """

    __slots__ = ("stage", "started")

    def __init__(self, stage: str) -> None:
        self.stage = stage

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc) -> None:
        counter = _busy_counters.get(self.stage)
        if counter is None:
            counter = _busy_counters[self.stage] = beam.metrics.Metrics.counter(self.stage, BUSY)
        counter.inc(int((time.perf_counter() - self.started) * 1e6))


def seal(record) -> bytes:
    """The record as the bytes of one pickle, to cross one or more shuffles unread.

    Beam's coder would pickle and unpickle the record at every crossing: on FnApiRunner a
    CoGroupByKey's or a Flatten's input is materialised too, so two or three per shuffle.
    Bytes pass through as they are. Measured on the 2,000-page benchmark: dedup's 4,312
    copies (~4 KB), JoinLabels .. ResolveStories 0.98 -> 0.60 s; the writer's rows, the
    WriteTables stages 0.76-0.88 -> 0.64-0.69 s.
    """
    return pickle.dumps(record, pickle.HIGHEST_PROTOCOL)


def unseal(sealed: bytes):
    """The record `seal` made, at the step that reads it."""
    return pickle.loads(sealed)


class StageDoFn(beam.DoFn):
    """Base DoFn: `self.passed()` and `self.reject(...)` keep counters and dead letters uniform."""

    stage = "stage"

    def __init__(self) -> None:
        super().__init__()
        self._counters: dict[str, beam.metrics.metric.Metrics.DelegatingCounter] = {}

    def count(self, name: str, n: int = 1) -> None:
        counter = self._counters.get(name)
        if counter is None:
            counter = beam.metrics.Metrics.counter(self.stage, name)
            self._counters[name] = counter
        counter.inc(n)

    def passed(self, n: int = 1) -> None:
        self.count("passed", n)

    def reject(self, input_uri: str, reason: str, message: str = "", url: str | None = None):
        """Count the failure and return the tagged dead letter to yield."""
        self.count(f"failed:{reason}")
        return pvalue.TaggedOutput(
            ERRORS,
            ErrorRecord(input_uri=input_uri, stage=self.stage, reason=reason, message=message[:2000], url=url),
        )
