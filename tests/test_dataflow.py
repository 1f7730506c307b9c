"""Dataflow deployment, offline: the job graph Dataflow would run, and the package it would install.

1. `--runner DataflowRunner --dry_run=True` builds and validates the whole batch job without
   credentials or network (a guard refuses every non-loopback connection); the test reads the
   pipeline proto of the job Dataflow would receive.
2. The Flex Template program (deploy/dataflow/launch.py) writes the job with `--template_location`
   to a local file and stages `--setup_file`'s sdist to a GCS emulator; the staged workflow.tar.gz is
   fetched back, built the way pip would install it, and runs the pipeline from that copy alone.
3. The deployment files agree with each other: Beam version in the Dockerfile, requirements.txt and
   the venv; metadata.json parameters named as the CLI flags, with regexes that accept and reject.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import ipaddress
import json
import re
import shutil
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipelines import ingest
from wire import config as wire_config
from wire.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "dataflow"
# Long enough, valid bucket names: a missing or too-short one makes DataflowRunner try to create a
# default bucket over the network (ARCHITECTURE.md, measured traps).
DRY_RUN_FLAGS = [
    "--runner",
    "DataflowRunner",
    "--dry_run=True",
    "--project",
    "wire-test-project",
    "--region",
    "us-central1",
    "--temp_location",
    "gs://wire-dry-run-temp/tmp",
    "--staging_location",
    "gs://wire-dry-run-temp/staging",
    "--setup_file",
    str(ROOT / "setup.py"),
]
# The stages of ARCHITECTURE.md's diagram, in order; the first, second and last must be in the job.
STAGES = ["ReadRawPages", "SplitPages", "RepairText", "DetectLanguage", "DeduplicateStories", "WriteTables"]


def load_launch():
    spec = importlib.util.spec_from_file_location("wire_flex_launch", DEPLOY / "launch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def offline(monkeypatch):
    """No credentials, and any connection beyond loopback fails at once and is recorded."""
    from apache_beam.internal.gcp import auth

    monkeypatch.setattr(auth, "get_service_credentials", lambda *a, **k: None)
    monkeypatch.setenv("NO_GCE_CHECK", "true")
    attempts: list = []
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            attempts.append(address)
            raise OSError(f"network is off in this test: {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


def transforms_by_name(proto_pipeline) -> dict:
    return {t.unique_name: t for t in proto_pipeline.components.transforms.values()}


def test_dry_run_builds_the_batch_job_offline(offline):
    config = load_config(
        str(ROOT / "configs" / "dataflow.yaml"),
        input="gs://wire-raw-bucket/raw/2026-11-26/",
        output="gs://wire-lake-bucket/wire",
        run_id="dry-1",
        ingest_date="2026-11-26",
    )
    pipeline = beam.Pipeline(options=PipelineOptions(DRY_RUN_FLAGS))
    ingest.build_pipeline(pipeline, config)
    result = pipeline.run()
    job = result.job

    assert offline == []
    assert job.proto.type.name == "JOB_TYPE_BATCH"
    proto = job.proto_pipeline
    [root_id] = proto.root_transform_ids
    top = [proto.components.transforms[t].unique_name for t in proto.components.transforms[root_id].subtransforms]
    stages = [name for name in top if name in STAGES]
    assert stages[:2] == ["ReadRawPages", "SplitPages"] and stages[-1] == "WriteTables", top
    assert stages == [s for s in STAGES if s in stages]  # in the diagram's order
    names = transforms_by_name(proto)
    for step in ("ReadRawPages/Match", "ReadRawPages/ReadObjects", "ReadRawPages/Decode", "WriteTables/Commit"):
        assert step in names, step
    # Every DoFn made it into the job: the graph pickled, so the workers can unpickle it.
    pardos = [t for t in names.values() if t.spec.urn == "beam:transform:pardo:v1"]
    assert len(pardos) >= 5

    [(_, env)] = proto.components.environments.items()
    assert env.urn == "beam:env:docker:v1"
    assert f"beam_python3.11_sdk:{beam.__version__}".encode() in env.payload
    staged = {d.role_payload.decode("utf-8", "replace") for d in env.dependencies}
    assert any(name.endswith("workflow.tar.gz") for name in staged), staged  # the --setup_file sdist


def test_cli_dry_run_returns_without_a_report(offline):
    # Any attempt to write the report to gs:// would hit the network guard.
    report = ingest.run(
        [
            "--input",
            "gs://wire-raw-bucket/raw/2026-11-26/",
            "--output",
            "gs://wire-lake-bucket/wire",
            "--config",
            str(ROOT / "configs" / "dataflow.yaml"),
            "--run_id",
            "dry-2",
            "--ingest_date",
            "2026-11-26",
            *DRY_RUN_FLAGS,
        ]
    )
    assert report == {}
    assert offline == []


def _repo_files(package: str, suffixes: tuple[str, ...]) -> set[str]:
    base = ROOT / package
    return {
        str(p.relative_to(ROOT))
        for p in base.rglob("*")
        if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts
    }


def test_template_job_stages_a_package_that_installs_the_pipeline(beam_gcs_anonymous, tmp_path):
    client = beam_gcs_anonymous
    client.create_bucket("wire-template-staging")
    client.create_bucket("wire-lake-bucket")
    job_file = tmp_path / "job.json"
    launch = load_launch()
    status = launch.main(
        [
            "--input",
            "gs://wire-raw-bucket/raw/2026-11-26/",
            "--output",
            "gs://wire-lake-bucket/wire",
            "--run_id",
            "nightly-20261126",
            "--ingest_date",
            "2026-11-26",
            "--runner",
            "DataflowRunner",
            "--project",
            "wire-test-project",
            "--region",
            "us-central1",
            "--temp_location",
            "gs://wire-template-staging/tmp",
            "--staging_location",
            "gs://wire-template-staging/staging",
            "--setup_file",
            str(ROOT / "setup.py"),
            "--template_location",
            str(job_file),
        ]
    )
    assert status == 0
    job = json.loads(job_file.read_text())
    assert job["type"] == "JOB_TYPE_BATCH"
    packages = {p["name"]: p["location"] for p in job["environment"]["workerPools"][0]["packages"]}
    location = packages["workflow.tar.gz"]
    prefix = "storage.googleapis.com/wire-template-staging/"
    assert location.startswith(prefix + "staging/")
    # The launcher writes the job, the job writes the tables: nothing reached the output yet.
    assert list(client.list_blobs("wire-lake-bucket")) == []

    sdist = client.bucket("wire-template-staging").blob(location[len(prefix) :]).download_as_bytes()
    with tarfile.open(fileobj=io.BytesIO(sdist), mode="r:gz") as tar:
        members = tar.getnames()
        top = members[0].split("/")[0]
        assert top == "wire-ingest-0.1.0" or top.startswith("wire_ingest-0.1.0"), top
        tar.extractall(tmp_path / "sdist", filter="data")
    src = tmp_path / "sdist" / top
    in_sdist = {str(p.relative_to(src)) for p in src.rglob("*") if p.is_file()}
    wanted = set()
    for package in ("wire", "transforms", "pipelines", "configs"):
        wanted |= _repo_files(package, (".py",))
    wanted |= _repo_files("configs", (".yaml",))
    assert {"configs/local.yaml", "configs/dataflow.yaml"} <= wanted
    assert wanted - in_sdist == set()
    entry_points = next(src.glob("*.egg-info/entry_points.txt")).read_text()
    assert re.search(r"^wire-ingest\s*=\s*pipelines\.cli:main$", entry_points, re.MULTILINE)

    # What pip does with the sdist, minus the network: build_py picks packages and package data.
    lib = tmp_path / "lib"
    build = subprocess.run(
        [sys.executable, "setup.py", "-q", "build", "--build-base", str(tmp_path / "build"), "--build-lib", str(lib)],
        check=False,
        cwd=src,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stderr
    installed = {str(p.relative_to(lib)) for p in lib.rglob("*") if p.is_file()}
    assert {w for w in wanted} - installed == set()

    # The installed copy alone runs the pipeline (site profiles and run profiles from the package).
    page = ROOT / "samples" / "apnews-oregon-spotted-frog-marsh.html"
    (tmp_path / "in").mkdir()
    shutil.copy(page, tmp_path / "in" / page.name)
    shutil.copy(page.with_name(page.name + ".meta.json"), tmp_path / "in" / (page.name + ".meta.json"))
    probe = (
        "import sys, pipelines.ingest, transforms.common, wire.records\n"
        "from importlib.resources import files\n"
        "for m in (pipelines.ingest, transforms.common, wire.records):\n"
        "    assert m.__file__.startswith(sys.argv[1]), m.__file__\n"
        "assert files('configs').joinpath('dataflow.yaml').is_file()\n"
        "sys.exit(pipelines.ingest.main(sys.argv[2:]))\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            probe,
            str(lib),
            "--input",
            str(tmp_path / "in"),
            "--output",
            str(tmp_path / "out"),
            "--run_id",
            "from-sdist",
            "--ingest_date",
            "2026-11-26",
            "--no_progress",
            "--runner",
            "FnApiRunner",
        ],
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(lib), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    report = json.loads((tmp_path / "out" / "_runs" / "from-sdist" / "report.json").read_text())
    assert report["totals"]["inputs"] == report["totals"]["pages_split"] == 1


def test_launch_defaults_to_the_dataflow_profile():
    launch = load_launch()
    argv = launch.resolve_config(["--input", "gs://wire-raw-bucket/raw/", "--output", "gs://wire-lake-bucket/wire"])
    args, _ = ingest.parse_args(argv)
    assert Path(args.config).read_text() == (ROOT / "configs" / "dataflow.yaml").read_text()
    explicit = launch.resolve_config(["--input", "gs://b-raw/x", "--output", "gs://b-out/y", "--config", "/etc/p.yaml"])
    assert ingest.parse_args(explicit)[0].config == "/etc/p.yaml"
    # An empty `config` template parameter (the launcher passes `--config=`) means the default too.
    empty = launch.resolve_config(["--input", "gs://b-raw/x", "--output", "gs://b-out/y", "--config="])
    assert Path(ingest.parse_args(empty)[0].config).name == "dataflow.yaml"


def test_beam_version_agrees_across_image_requirements_and_venv():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^ARG BEAM_VERSION=(\S+)$", dockerfile, re.MULTILINE).group(1) == beam.__version__
    assert re.search(r"^FROM apache/beam_python3\.11_sdk:\$\{BEAM_VERSION\}$", dockerfile, re.MULTILINE)
    assert "COPY --from=template_launcher /opt/google/dataflow/python_template_launcher" in dockerfile
    assert 'ENV FLEX_TEMPLATE_PYTHON_PY_FILE="${WORKDIR}/launch.py"' in dockerfile
    assert 'ENV FLEX_TEMPLATE_PYTHON_SETUP_FILE="${WORKDIR}/setup.py"' in dockerfile
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert pins["apache-beam"] == beam.__version__
    # Every runtime requirement of setup.py is pinned for deployments.
    tree = ast.parse((ROOT / "setup.py").read_text())
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup")
    install_requires = next(k.value for k in call.keywords if k.arg == "install_requires")
    names = {re.split(r"[\[<>=!~ ]", ast.literal_eval(e), maxsplit=1)[0].lower() for e in install_requires.elts}
    normal = {re.sub(r"[-_.]+", "-", name).lower() for name in pins}
    assert {re.sub(r"[-_.]+", "-", n) for n in names} - normal == set()


# The template is the batch job; the streaming job's source flag belongs to a streaming launch.
STREAMING_ONLY = {"input_subscription"}


def _value_flags() -> set[str]:
    """The value-taking flags of `wire-ingest run` (switches such as --no_progress are not parameters)."""
    parser_flags = set()
    args, _ = ingest.parse_args(["--input", "x", "--output", "y"])
    for name, value in vars(args).items():
        if not isinstance(value, bool):
            parser_flags.add(name)
    return parser_flags - STREAMING_ONLY


def test_metadata_parameters_are_the_cli_flags_with_working_regexes():
    metadata = json.loads((DEPLOY / "metadata.json").read_text())
    params = {p["name"]: p for p in metadata["parameters"]}
    assert set(params) == _value_flags() == {"input", "output", "config", "run_id", "ingest_date"}
    assert all(p["helpText"] and p["label"] for p in params.values())
    assert [n for n, p in params.items() if not p.get("isOptional")] == ["input", "output"]

    def ok(name, value):
        return all(re.fullmatch(rx, value) for rx in params[name]["regexes"])

    for name in ("input", "output"):
        assert ok(name, "gs://wire-raw-bucket/raw/2026-11-26/")
        assert ok(name, "gs://wire.lake.example/wire")
        assert not ok(name, "/local/raw/2026-11-26/")
        assert not ok(name, "gs://ab/x")  # bucket names have at least 3 characters
        assert not ok(name, "gs://Wire-Raw/x")
    assert params["run_id"]["regexes"] == [wire_config._RUN_ID.pattern]
    assert ok("ingest_date", "2026-11-26") and not ok("ingest_date", "2026-13-01") and not ok("ingest_date", "20261126")
    assert ok("config", "") and ok("config", "/template/configs/dataflow.yaml")
    assert ok("config", "gs://wire-profiles/nightly.yaml") and not ok("config", "dataflow.yaml")


def test_dry_run_builds_the_streaming_job_offline(offline):
    config = load_config(
        str(ROOT / "configs" / "dataflow.yaml"),
        input="projects/wire-test-project/subscriptions/wire-raw-ingest",
        output="gs://wire-lake-bucket/wire",
        run_id="stream-dry-1",
    )
    pipeline = beam.Pipeline(options=PipelineOptions(DRY_RUN_FLAGS + ["--streaming"]))
    ingest.build_streaming_pipeline(pipeline, config)
    job = pipeline.run().job

    assert offline == []
    assert job.proto.type.name == "JOB_TYPE_STREAMING"
    names = transforms_by_name(job.proto_pipeline)
    for step in (
        "ReadNotifications",
        "ReadRawPages/ParseNotifications",
        "ReadRawPages/OncePerGeneration",
        "ReadRawPages/ReadGenerations",
        "SplitPages",
        "RepairText",
        "DetectLanguage",
        "DeduplicateStories",
        "Window:articles",
        "WriteTables/Commit",
    ):
        assert step in names, step
    # The stateful steps keep their state specs in the job, as Dataflow's streaming engine needs them.
    stateful = [t for t in names.values() if t.spec.urn == "beam:transform:pardo:v1" and b"seen" in t.spec.payload]
    assert stateful, "OncePerGeneration's state is missing from the job"
