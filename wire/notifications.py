"""Cloud Storage Pub/Sub notifications -> object references for the streaming job.

Input: a message's attributes and payload (JSON_API_V1 object metadata).
Output: `ObjectRef` for a finalized page object, or a skip reason:
  `not_finalize`  the event is a delete, archive or metadata update
  `sidecar`       the object is a `.meta.json` sidecar (read with its page, not as a page)
  `not_a_page`    the object name has no page suffix
  `malformed`     required attributes are missing or not numbers
Delivery is at least once: `ObjectRef.key` (bucket, name, generation) identifies
an object version, so repeated notifications can be processed once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from wire.ingest_io import is_page_name, is_sidecar, parse_time

FINALIZE = "OBJECT_FINALIZE"


@dataclass(frozen=True)
class ObjectRef:
    bucket: str
    name: str
    generation: int
    created_at: datetime | None  # the object's creation time: the event time of its records

    @property
    def uri(self) -> str:
        return f"gs://{self.bucket}/{self.name}"

    @property
    def key(self) -> str:
        return f"{self.bucket}/{self.name}#{self.generation}"


def parse_notification(attributes: dict[str, str], data: bytes | None) -> ObjectRef | str:
    """Return an ObjectRef, or the reason the notification is skipped."""
    attributes = attributes or {}
    if attributes.get("eventType") != FINALIZE:
        return "not_finalize"
    bucket, name = attributes.get("bucketId"), attributes.get("objectId")
    try:
        generation = int(attributes.get("objectGeneration", ""))
    except ValueError:
        return "malformed"
    if not bucket or not name:
        return "malformed"
    if is_sidecar(name):
        return "sidecar"
    if not is_page_name(name):
        return "not_a_page"
    try:
        payload = json.loads(data) if data else {}
    except ValueError:
        payload = {}
    stamp = payload.get("timeCreated") if isinstance(payload, dict) else None
    try:
        created = parse_time(stamp or attributes.get("eventTime", ""))
    except (ValueError, TypeError):
        created = None
    return ObjectRef(bucket=bucket, name=name, generation=generation, created_at=created)
