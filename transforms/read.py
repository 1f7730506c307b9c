"""ReadRawPages: matched objects -> decoded pages, with a dead letter per bad object.

Input: a file pattern (local folder, glob or gs:// prefix; see `input_pattern`).
Output: DoOutputsTuple with `pages` (wire.records.Page) and ERRORS (ErrorRecord).

Steps: MatchFiles -> key every object by its page name (a sidecar
`x.html.meta.json` keys as `x.html`) -> GroupByKey, so a page meets its sidecar
wherever both are listed -> read + expand (gzip, WARC) -> decode.

Dead-letter reasons (stage `ReadRawPages`): those of wire.ingest_io
(`too_large`, `inflated_too_large`, `truncated_gzip`, `bad_warc`, `truncated_warc`,
`warc_no_pages`, `bad_sidecar`, `bad_sidecar_url`) and of wire.decode
(`empty`, `binary`, `undecodable`).
Counters (namespace `ReadRawPages`): `objects`, `pages`, `passed` (pages decoded),
`failed:<reason>`, `skipped:not_a_page`, `skipped:orphan_sidecar`, `bytes`.
"""

from __future__ import annotations

import os

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from transforms.common import ERRORS, StageDoFn, busy
from wire.decode import decode_page
from wire.ingest_io import ReadLimits, expand_object, is_page_name, is_sidecar, page_name_of_sidecar
from wire.records import Rejected

STAGE = "ReadRawPages"


def input_pattern(path: str) -> str:
    """A folder or prefix means everything below it; a pattern with wildcards is used as given."""
    if path.startswith("gs://"):
        if any(ch in path for ch in "*?[") or is_page_name(path):
            return path
        return path.rstrip("/") + "/**"
    if any(ch in path for ch in "*?["):
        return os.path.abspath(path)
    # Absolute, so every row's input_uri names the object wherever the run was started.
    path = os.path.abspath(path)
    return os.path.join(path, "**") if os.path.isdir(path) else path


def _read_all(path: str) -> bytes:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        return handle.read()


def _key_by_page(metadata) -> tuple[str, tuple[str, str, int]]:
    path = metadata.path
    if is_sidecar(path):
        return page_name_of_sidecar(path), ("sidecar", path, metadata.size_in_bytes)
    return path, ("object", path, metadata.size_in_bytes)


class ReadObjectFn(StageDoFn):
    stage = STAGE

    def __init__(self, limits: ReadLimits) -> None:
        super().__init__()
        self.limits = limits

    def process(self, element):
        name, members = element
        objects = [m for m in members if m[0] == "object"]
        sidecars = [m for m in members if m[0] == "sidecar"]
        if not objects:
            self.count("skipped:orphan_sidecar", len(sidecars))
            return
        _, path, size = objects[0]
        if not is_page_name(path):
            self.count("skipped:not_a_page")
            return
        self.count("objects")
        if size is not None and size > self.limits.max_object_bytes:
            yield self.reject(path, "too_large", f"{size} bytes is over the limit of {self.limits.max_object_bytes}")
            return
        try:
            with busy(STAGE):
                sidecar = _read_all(sidecars[0][1]) if sidecars else None
                pages = expand_object(path, _read_all(path), sidecar, self.limits)
        except Rejected as exc:
            yield self.reject(path, exc.reason, exc.message)
            return
        self.count("pages", len(pages))
        for page in pages:
            self.count("bytes", len(page.data))
            yield page


class DecodePageFn(StageDoFn):
    stage = STAGE

    def process(self, raw):
        try:
            with busy(STAGE):
                page = decode_page(raw)
        except Rejected as exc:
            yield self.reject(raw.input_uri, exc.reason, exc.message, url=raw.url)
            return
        self.passed()
        yield page


class ReadRawPages(beam.PTransform):
    def __init__(self, path: str, limits: ReadLimits = ReadLimits()) -> None:
        super().__init__()
        self.pattern = input_pattern(path)
        self.limits = limits

    def expand(self, pbegin):
        read = (
            pbegin
            | "Match" >> fileio.MatchFiles(self.pattern, empty_match_treatment=fileio.EmptyMatchTreatment.ALLOW)
            # -> FileMetadata
            | "KeyByPageName" >> beam.Map(_key_by_page)
            # -> (page name, (kind, path, size))
            | "GroupWithSidecar" >> beam.GroupByKey()
            # -> (page name, [(kind, path, size), ...])
            | "ReadObjects" >> beam.ParDo(ReadObjectFn(self.limits)).with_outputs(ERRORS, main="raw")
        )
        # read.raw -> RawPage (one per page; a WARC gives several)
        decoded = read.raw | "Decode" >> beam.ParDo(DecodePageFn()).with_outputs(ERRORS, main="pages")
        # decoded.pages -> Page
        errors = (read[ERRORS], decoded[ERRORS]) | "Errors" >> beam.Flatten()
        return decoded.pages, errors
