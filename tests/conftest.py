"""Shared fixtures: a real GCS emulator on loopback, and a helper to run the pipeline."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def gcs_emulator():
    """Start gcp-storage-emulator (in memory) and point google-cloud-storage at it."""
    port = free_port()
    exe = Path(sys.executable).with_name("gcp-storage-emulator")
    proc = subprocess.Popen(
        [str(exe), "start", "--host", "127.0.0.1", "--port", str(port), "--in-memory", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("gcp-storage-emulator did not start")
    saved = {k: os.environ.get(k) for k in ("STORAGE_EMULATOR_HOST", "NO_GCE_CHECK", "GOOGLE_CLOUD_PROJECT")}
    os.environ["STORAGE_EMULATOR_HOST"] = f"http://127.0.0.1:{port}"
    os.environ["NO_GCE_CHECK"] = "true"
    os.environ["GOOGLE_CLOUD_PROJECT"] = "test-project"
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    client = storage.Client(project="test-project", credentials=AnonymousCredentials())
    try:
        yield client
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def beam_gcs_anonymous(monkeypatch, gcs_emulator):
    """Beam's GCS client looks for credentials for ~23 s before going anonymous: skip the wait."""
    from apache_beam.internal.gcp import auth

    monkeypatch.setattr(auth, "get_service_credentials", lambda *a, **k: None)
    return gcs_emulator


@pytest.fixture
def streaming_metrics(monkeypatch):
    """Work around the streaming DirectRunner reporting counters of each step's first bundle only.

    Its StateSampler caches one ScopedState per (step, state) together with
    the first bundle's MetricsContainer, so later bundles count into a
    container that was already committed. Dropping the cached state makes
    each bundle count into its own container, as on the other runners.
    """
    from apache_beam.runners import common
    from apache_beam.runners.worker import statesampler
    from apache_beam.utils.counters import CounterName

    original = statesampler.StateSampler.scoped_state

    def scoped_state(self, name_context, state_name, io_target=None, metrics_container=None):
        if metrics_container is not None:
            if not isinstance(name_context, common.NameContext):
                name_context = common.NameContext(name_context)
            name = CounterName(state_name + "-msecs", stage_name=self._prefix,
                               step_name=name_context.metrics_name(), io_target=io_target)
            self._states_by_name.pop(name, None)
        return original(self, name_context, state_name, io_target, metrics_container)

    monkeypatch.setattr(statesampler.StateSampler, "scoped_state", scoped_state)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A fresh wire/cache.py folder for the test (WIRE_INGEST_CACHE_DIR): the user's cache is never touched."""
    path = tmp_path / "cache"
    monkeypatch.setenv("WIRE_INGEST_CACHE_DIR", str(path))
    return path


def counted(monkeypatch, module, name: str, value) -> list:
    """Replace `module.name` (a build function) by one that returns `value`; the list counts its calls."""
    calls: list = []
    monkeypatch.setattr(module, name, lambda: calls.append(1) or value)
    return calls


def load_twice(load, builds: list, built, cache_dir, kind: str):
    """wire/cache.py's protocol for one cached table: the first `load()` is a miss (built once,
    written to one `<kind>-*.bin`, no temporary file left), the second a hit (read back, not
    built again). Returns the second load, for the caller to compare with `built`."""
    first = load()
    assert first is built and len(builds) == 1
    assert len(sorted(cache_dir.glob(f"{kind}-*.bin"))) == 1
    assert not list(cache_dir.glob(f".{kind}-*"))
    again = load()
    assert len(builds) == 1
    assert again is not built
    return again
