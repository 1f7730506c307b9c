"""Streaming: a TestStream of GCS notifications drives the real streaming graph to Parquet.

Objects are served by the GCS emulator through the google-cloud-storage client; the output is
read back with pyarrow. (A Pub/Sub source cannot run unbounded on the offline DirectRunner, so
the TestStream stands in for ReadFromPubSub; everything after it is the production graph.)
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import pytest
from apache_beam.io.gcp.pubsub import PubsubMessage
from apache_beam.testing.test_stream import TestStream
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Timestamp

from pipelines import ingest
from tests.pipeline_helpers import ROOT, read_table

SAMPLES = ROOT / "samples"
BUCKET = "wire-stream"
T0 = datetime(2026, 11, 26, 10, 0, 0, tzinfo=timezone.utc)


def note(name, event="OBJECT_FINALIZE", generation=1, created=T0):
    payload = json.dumps({"name": name, "bucket": BUCKET, "timeCreated": created.isoformat().replace("+00:00", "Z")})
    attributes = {"eventType": event, "bucketId": BUCKET, "objectId": name, "objectGeneration": str(generation),
                  "payloadFormat": "JSON_API_V1", "eventTime": created.isoformat().replace("+00:00", "Z")}
    return TimestampedValue(PubsubMessage(payload.encode(), attributes), Timestamp.from_utc_datetime(created))


@pytest.fixture
def bucket(beam_gcs_anonymous):
    client = beam_gcs_anonymous
    bucket = client.create_bucket(BUCKET)
    for name in ("msn-mississippi-locks-barges.html", "yahoo-mississippi-locks-barges.html",
                 "apnews-es-aguacate-bloqueos-michoacan.html"):
        bucket.blob(f"raw/{name}").upload_from_filename(str(SAMPLES / name))
        bucket.blob(f"raw/{name}.meta.json").upload_from_filename(str(SAMPLES / f"{name}.meta.json"))
    page = (SAMPLES / "msn-mississippi-locks-barges.html").read_bytes()
    bucket.blob("raw/cut.html.gz").upload_from_string(gzip.compress(page, mtime=0)[:200])  # cut mid-stream
    yield bucket
    for blob in client.list_blobs(BUCKET):
        blob.delete()
    bucket.delete()


def test_streaming_graph_end_to_end(bucket, tmp_path, streaming_metrics):
    late = datetime(2026, 11, 25, 23, 58, tzinfo=timezone.utc)
    stream = (
        TestStream()
        .advance_watermark_to(Timestamp.from_utc_datetime(T0))
        .add_elements([
            note("raw/msn-mississippi-locks-barges.html"),
            note("raw/msn-mississippi-locks-barges.html"),  # at-least-once delivery: a repeat
            note("raw/msn-mississippi-locks-barges.html.meta.json"),  # a sidecar is not a page
            note("raw/old.html", event="OBJECT_DELETE"),
            note("raw/yahoo-mississippi-locks-barges.html", created=T0.replace(minute=1)),
            note("raw/cut.html.gz", created=T0.replace(minute=2)),
            note("raw/gone.html", created=T0.replace(minute=3)),  # deleted before it was read
        ])
        .advance_watermark_to(Timestamp.from_utc_datetime(T0.replace(hour=11)))
        # created yesterday, notified late: behind the watermark, within the allowed lateness
        .add_elements([note("raw/apnews-es-aguacate-bloqueos-michoacan.html", created=late)])
        .advance_watermark_to_infinity()
    )
    out = tmp_path / "out"
    report = ingest.run(
        ["--input_subscription", "projects/p/subscriptions/s", "--output", str(out), "--run_id", "stream-1",
         "--streaming", "--runner", "DirectRunner", "--no_progress"],
        messages=stream,
    )
    counters = report["counters"]
    assert counters["ReadNotifications"]["passed"] == 6
    assert counters["ReadNotifications"]["duplicate"] == 1
    assert counters["ReadNotifications"]["skipped:sidecar"] == 1
    assert counters["ReadNotifications"]["skipped:not_finalize"] == 1

    sightings = read_table(out, "sightings").to_pylist()
    mains = sorted((s["input_uri"], s["ingest_date"]) for s in sightings if s["role"] == "main")
    assert mains == [
        (f"gs://{BUCKET}/raw/apnews-es-aguacate-bloqueos-michoacan.html", "2026-11-25"),
        (f"gs://{BUCKET}/raw/msn-mississippi-locks-barges.html", "2026-11-26"),
        (f"gs://{BUCKET}/raw/yahoo-mississippi-locks-barges.html", "2026-11-26"),
    ]
    story = {s["input_uri"].rsplit("/", 1)[-1]: (s["story_id"], s["is_canonical"]) for s in sightings if s["role"] == "main"}
    assert story["msn-mississippi-locks-barges.html"][0] == story["yahoo-mississippi-locks-barges.html"][0]
    assert story["msn-mississippi-locks-barges.html"][1] is True
    assert story["yahoo-mississippi-locks-barges.html"][1] is False

    articles = read_table(out, "articles").to_pylist()
    assert sorted((a["input_uri"].rsplit("/", 1)[-1], a["language"], a["ingest_date"]) for a in articles if a["role"] == "main") == [
        ("apnews-es-aguacate-bloqueos-michoacan.html", "es", "2026-11-25"),
        ("msn-mississippi-locks-barges.html", "en", "2026-11-26"),
    ]
    errors = read_table(out, "errors").to_pylist()
    assert sorted((e["input_uri"], e["stage"], e["reason"]) for e in errors) == [
        (f"gs://{BUCKET}/raw/cut.html.gz", "ReadRawPages", "truncated_gzip"),
        (f"gs://{BUCKET}/raw/gone.html", "ReadRawPages", "object_missing"),
    ]
    # Files are per window and firing: names never collide, and nothing is left staged.
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
    assert all(f.split("/")[-1].startswith("part-2026112") for f in files), files
    assert not (out / "_staging").exists()
