"""GCS notification parsing: what becomes a read and what is skipped, with which reason."""

import json
from datetime import datetime, timezone

import pytest

from wire.notifications import ObjectRef, parse_notification


def attrs(event="OBJECT_FINALIZE", name="raw/2026-11-26/a.html", generation="1764000000000001"):
    return {"eventType": event, "bucketId": "wire-raw", "objectId": name, "objectGeneration": generation,
            "eventTime": "2026-11-26T10:00:05.000Z", "payloadFormat": "JSON_API_V1"}


def test_finalize_of_a_page_becomes_an_object_ref_with_creation_time():
    payload = json.dumps({"timeCreated": "2026-11-26T09:59:58.123Z", "size": "2048"}).encode()
    ref = parse_notification(attrs(), payload)
    assert ref == ObjectRef(
        bucket="wire-raw",
        name="raw/2026-11-26/a.html",
        generation=1764000000000001,
        created_at=datetime(2026, 11, 26, 9, 59, 58, 123000, tzinfo=timezone.utc),
    )
    assert ref.uri == "gs://wire-raw/raw/2026-11-26/a.html"
    assert ref.key == "wire-raw/raw/2026-11-26/a.html#1764000000000001"


def test_event_time_is_the_fallback_for_creation_time():
    ref = parse_notification(attrs(), b"not json")
    assert ref.created_at == datetime(2026, 11, 26, 10, 0, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "attributes,reason",
    [
        (attrs(event="OBJECT_DELETE"), "not_finalize"),
        (attrs(event="OBJECT_METADATA_UPDATE"), "not_finalize"),
        (attrs(name="raw/a.html.meta.json"), "sidecar"),
        (attrs(name="raw/photo.jpg"), "not_a_page"),
        (attrs(generation="abc"), "malformed"),
        ({"eventType": "OBJECT_FINALIZE", "objectGeneration": "1"}, "malformed"),
        ({}, "not_finalize"),
    ],
)
def test_skips(attributes, reason):
    assert parse_notification(attributes, b"{}") == reason
