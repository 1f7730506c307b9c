"""Streaming source side: GCS Pub/Sub notifications -> raw pages of each new object version.

Input: PubsubMessage (attributes + JSON payload) from ReadFromPubSub, or a TestStream.
Output: DoOutputsTuple with `raw` (RawPage, timestamped with the object's creation time) and ERRORS.

Steps:
  ParseNotifications   skip deletes, sidecars and non-pages (counted, not errors: they are not inputs)
  OncePerGeneration    delivery is at least once: a stateful DoFn keyed by bucket/name#generation
                       lets the first copy through and drops repeats until its state expires (timer)
  ReadGenerations      reads that exact object generation (and the sidecar as it is now) with the
                       google-cloud-storage client, then wire.ingest_io.expand_object

Dead letters (stage `ReadRawPages`): the reasons of wire.ingest_io, plus `object_missing` when the
generation is gone before it could be read.
Counters: `ReadNotifications`: `passed`, `skipped:<reason>`, `duplicate`; `ReadRawPages`: as in batch.
"""

from __future__ import annotations

import apache_beam as beam
from apache_beam.coders import BooleanCoder
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Duration, Timestamp

from transforms.common import ERRORS, StageDoFn
from transforms.read import STAGE as READ_STAGE
from wire.ingest_io import SIDECAR_SUFFIX, ReadLimits, expand_object
from wire.notifications import ObjectRef, parse_notification
from wire.records import Rejected


@beam.typehints.with_output_types(tuple[str, ObjectRef])  # not inferred through TimestampedValue
class ParseNotificationsFn(StageDoFn):
    stage = "ReadNotifications"

    def process(self, message):
        ref = parse_notification(dict(message.attributes or {}), message.data)
        if isinstance(ref, str):
            self.count(f"skipped:{ref}")
            return
        self.passed()
        if ref.created_at is not None:
            yield beam.window.TimestampedValue((ref.key, ref), Timestamp.from_utc_datetime(ref.created_at))
        else:
            yield ref.key, ref


class OncePerGenerationFn(beam.DoFn):
    """First notification of an object generation passes; repeats within `expiry_s` are dropped."""

    SEEN = ReadModifyWriteStateSpec("seen", BooleanCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.REAL_TIME)

    def __init__(self, expiry_s: int) -> None:
        self.expiry_s = expiry_s

    def process(self, element, seen=beam.DoFn.StateParam(SEEN), expiry=beam.DoFn.TimerParam(EXPIRY)):
        _, ref = element
        if seen.read():
            beam.metrics.Metrics.counter("ReadNotifications", "duplicate").inc()
            return
        seen.write(True)
        expiry.set(Timestamp.now() + Duration(seconds=self.expiry_s))
        yield ref

    @on_timer(EXPIRY)
    def expire(self, seen=beam.DoFn.StateParam(SEEN)):
        seen.clear()


class ReadGenerationFn(StageDoFn):
    stage = READ_STAGE

    def __init__(self, limits: ReadLimits) -> None:
        super().__init__()
        self.limits = limits

    def setup(self):
        from google.cloud import storage  # the client honours STORAGE_EMULATOR_HOST in tests

        self.client = storage.Client()

    def _download(self, ref: ObjectRef, name: str, generation: int | None) -> bytes | None:
        from google.api_core.exceptions import NotFound

        try:
            return self.client.bucket(ref.bucket).blob(name, generation=generation).download_as_bytes()
        except NotFound:
            return None

    def process(self, ref: ObjectRef, timestamp=beam.DoFn.TimestampParam):
        self.count("objects")
        data = self._download(ref, ref.name, ref.generation)
        if data is None:
            yield self.reject(ref.uri, "object_missing", f"generation {ref.generation} no longer exists")
            return
        sidecar = self._download(ref, ref.name + SIDECAR_SUFFIX, None)
        try:
            pages = expand_object(ref.uri, data, sidecar, self.limits)
        except Rejected as exc:
            yield self.reject(ref.uri, exc.reason, exc.message)
            return
        self.count("pages", len(pages))
        for page in pages:
            self.count("bytes", len(page.data))
            yield page


class ReadNotifiedPages(beam.PTransform):
    def __init__(self, limits: ReadLimits, dedup_expiry_s: int = 24 * 3600) -> None:
        super().__init__()
        self.limits, self.dedup_expiry_s = limits, dedup_expiry_s

    def expand(self, messages):
        from transforms.read import DecodePageFn

        refs = (
            messages
            | "ParseNotifications" >> beam.ParDo(ParseNotificationsFn())
            # -> (bucket/name#generation, ObjectRef), timestamped with the object's creation time
            | "OncePerGeneration" >> beam.ParDo(OncePerGenerationFn(self.dedup_expiry_s))
            # -> ObjectRef, each generation once
        )
        read = refs | "ReadGenerations" >> beam.ParDo(ReadGenerationFn(self.limits)).with_outputs(ERRORS, main="raw")
        # read.raw -> RawPage
        decoded = read.raw | "Decode" >> beam.ParDo(DecodePageFn()).with_outputs(ERRORS, main="pages")
        # decoded.pages -> Page
        errors = (read[ERRORS], decoded[ERRORS]) | "Errors" >> beam.Flatten()
        return decoded.pages, errors
