"""Run configuration: YAML -> frozen dataclasses, validated once at launch.

The launcher loads a run profile (`configs/local.yaml` by default, shipped in
the package), applies command-line overrides and passes the resulting
`PipelineConfig` into transform constructors; workers never read configs/.
Unknown keys are an error, so a typo cannot silently fall back to a default.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from wire.ingest_io import ReadLimits

_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class WriteConfig:
    shards: int = 1  # Parquet files per partition


@dataclass(frozen=True)
class QualityConfig:
    max_error_ratio: float = 1.0  # inputs in errors/ over all inputs; above it the run exits non-zero


@dataclass(frozen=True)
class StreamingConfig:
    window_s: int = 300  # fixed windows of the Parquet writes
    allowed_lateness_s: int = 86400  # a late object still lands in its day's partition within this
    dedup_ttl_s: int = 86400  # streaming dedup forgets a story's fingerprints after this
    notification_ttl_s: int = 86400  # a repeated notification of an object generation is dropped within this


@dataclass(frozen=True)
class PipelineConfig:
    input: str = ""
    output: str = ""
    run_id: str = ""
    ingest_date: str = ""
    read: ReadLimits = ReadLimits()
    write: WriteConfig = WriteConfig()
    quality: QualityConfig = QualityConfig()
    # Stage sections are validated by their own stages' config classes.
    split: Mapping[str, Any] = field(default_factory=dict)
    repair: Mapping[str, Any] = field(default_factory=dict)
    language: Mapping[str, Any] = field(default_factory=dict)
    dedup: Mapping[str, Any] = field(default_factory=dict)
    streaming: StreamingConfig = StreamingConfig()

    def validate(self) -> "PipelineConfig":
        if not self.input:
            raise ConfigError("--input is required")
        if not self.output:
            raise ConfigError("--output is required")
        if not _RUN_ID.match(self.run_id):
            raise ConfigError(f"run_id {self.run_id!r} must match {_RUN_ID.pattern}")
        try:
            date.fromisoformat(self.ingest_date)
        except ValueError:
            raise ConfigError(f"ingest_date {self.ingest_date!r} is not YYYY-MM-DD") from None
        if self.write.shards < 1:
            raise ConfigError("write.shards must be >= 1")
        if not 0.0 <= self.quality.max_error_ratio <= 1.0:
            raise ConfigError("quality.max_error_ratio must be within [0, 1]")
        if min(self.streaming.window_s, self.streaming.dedup_ttl_s, self.streaming.notification_ttl_s) <= 0:
            raise ConfigError("streaming window and TTLs must be positive")
        if self.read.max_object_bytes <= 0 or self.read.max_inflated_bytes <= 0:
            raise ConfigError("read limits must be positive")
        return self


def _build(cls, values: Mapping[str, Any], where: str):
    if values is None:
        return cls()
    if not isinstance(values, Mapping):
        raise ConfigError(f"{where} must be a mapping")
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown key(s) in {where}: {', '.join(unknown)}")
    return cls(**values)


def default_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def load_config(path: str | None = None, **overrides: Any) -> PipelineConfig:
    """Load a run profile (default: the packaged configs/local.yaml) and apply non-None overrides."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("configs").joinpath("local.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, Mapping):
        raise ConfigError("the config file must hold a mapping")
    known = {f.name for f in dataclasses.fields(PipelineConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"unknown section(s): {', '.join(unknown)}")
    values = dict(raw)
    values["read"] = _build(ReadLimits, raw.get("read"), "read")
    values["write"] = _build(WriteConfig, raw.get("write"), "write")
    values["quality"] = _build(QualityConfig, raw.get("quality"), "quality")
    values["streaming"] = _build(StreamingConfig, raw.get("streaming"), "streaming")
    for section in ("split", "repair", "language", "dedup"):
        values[section] = dict(raw.get(section) or {})
    values.update({k: v for k, v in overrides.items() if v is not None})
    values.setdefault("run_id", "")
    if not values.get("run_id"):
        values["run_id"] = default_run_id()
    if not values.get("ingest_date"):
        values["ingest_date"] = datetime.now(timezone.utc).date().isoformat()
    return PipelineConfig(**values).validate()
