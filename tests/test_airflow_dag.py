"""The nightly Airflow DAG, run by Airflow itself in its own venv (.venv-airflow).

The main venv has no Airflow (Airflow 3 pins its own world of dependencies), so every check runs a
small driver in .venv-airflow's interpreter with AIRFLOW_HOME in a temporary folder (sqlite
metadata database) and reads back one JSON line. The local variant runs the real pipeline in the
project's .venv over a copy of samples/ laid out as one night's raw prefix.

.venv-airflow comes from `make airflow-venv` (orchestration/airflow/setup_venv.sh); without it these
tests fail, unless WIRE_SKIP_AIRFLOW=1 says to skip them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pyarrow.dataset as ds
import pytest

ROOT = Path(__file__).resolve().parents[1]
AIRFLOW_PY = ROOT / ".venv-airflow" / "bin" / "python"
DAGS = ROOT / "orchestration" / "airflow" / "dags"
NIGHT = "2026-11-26"

MISSING = (
    None
    if AIRFLOW_PY.exists()
    else f"{AIRFLOW_PY} is missing: run `make airflow-venv` (or set WIRE_SKIP_AIRFLOW=1 to skip the Airflow tests)"
)
if MISSING and os.environ.get("WIRE_SKIP_AIRFLOW") == "1":
    pytest.skip(".venv-airflow is absent and WIRE_SKIP_AIRFLOW=1: Airflow DAG tests skipped", allow_module_level=True)

DRIVER = r'''
import importlib.util, json, sys
from datetime import datetime, timezone

mode, dags = sys.argv[1], sys.argv[2]
from airflow.dag_processing.dagbag import DagBag

bag = DagBag(dag_folder=dags)
out = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dag_ids": sorted(bag.dags)}
dag = bag.dags.get("wire_ingest_nightly")

class FakeVars:
    """Stands in for `var.value` when rendering outside a task: Variables from a dict, else defaults."""
    def __init__(self, values):
        self.values = values
    def get(self, key, default=None):
        return self.values.get(key, default)

def render(task, value, variables):
    context = {"ds": "2026-11-26", "ds_nodash": "20261126", "var": {"value": FakeVars(variables)}}
    return task.render_template(value, context)

if mode == "inspect":
    from airflow.utils.timezone import datetime as tz_datetime
    timetable = dag.timetable
    interval = timetable.infer_manual_data_interval(run_after=tz_datetime(2026, 11, 27, 3, 0))
    tasks = {}
    for t in dag.tasks:
        tasks[t.task_id] = {
            "type": type(t).__name__,
            "upstream": sorted(t.upstream_task_ids),
            "downstream": sorted(t.downstream_task_ids),
            "trigger_rule": str(getattr(t.trigger_rule, "value", t.trigger_rule)),
            "retries": t.retries,
            "template_fields": list(t.template_fields),
        }
    prod = {"wire_gcp_project": "wire-prod", "wire_raw_root": "gs://wire-raw/raw/",
            "wire_output_root": "gs://wire-lake/wire", "wire_dataflow_template": "gs://wire-tpl/wire-ingest.json",
            "wire_dataflow_image": "us-docker.pkg.dev/wire-prod/wire/wire-ingest:1",
            "wire_dataflow_temp_location": "gs://wire-tpl/tmp"}
    local = dag.get_task("run_local")
    dataflow = dag.get_task("run_dataflow")
    check = dag.get_task("check_error_ratio")
    module_spec = importlib.util.spec_from_file_location("wire_dag_module", dag.fileloc)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    report = {"run_id": "nightly-20261126", "ingest_date": "2026-11-26",
              "totals": {"inputs": 20, "inputs_in_errors": 1, "error_ratio": 0.05, "accounting_holds": True, "articles": 30}}
    gate = {}
    cases = {
        "at_threshold": (report, 0.05, 1),
        "above_threshold": (report, 0.049, 1),
        "too_few_inputs": (report, 0.05, 21),
        "other_date": (dict(report, ingest_date="2026-11-25"), 0.05, 1),
        "accounting_broken": (dict(report, totals=dict(report["totals"], accounting_holds=False)), 0.05, 1),
    }
    for name, (rep, ratio, min_inputs) in cases.items():
        try:
            gate[name] = module.evaluate(rep, "2026-11-26", ratio, min_inputs)
        except Exception as exc:
            gate[name] = {"raised": type(exc).__name__, "message": str(exc)}
    out.update(
        timetable=type(timetable).__name__,
        cron=getattr(timetable, "_expression", None),
        timezone=str(getattr(timetable, "_timezone", "")),
        interval_start=interval.start.isoformat(),
        interval_end=interval.end.isoformat(),
        catchup=dag.catchup,
        max_active_runs=dag.max_active_runs,
        tasks=tasks,
        local_env=render(local, local.env, {"wire_raw_root": "/data/raw/", "wire_output_root": "/data/out"}),
        local_command=local.bash_command,
        dataflow_body=render(dataflow, dataflow.body, prod),
        dataflow_project=render(dataflow, dataflow.project_id, prod),
        dataflow_location=render(dataflow, dataflow.location, prod),
        check_kwargs=render(check, check.op_kwargs, {"wire_output_root": "/data/out"}),
        check_kwargs_defaults=render(check, check.op_kwargs, {}),
        gate=gate,
    )
elif mode == "test":
    # Several nights in one process: Airflow's start-up is most of the cost of a dag.test().
    from airflow.models.renderedtifields import RenderedTaskInstanceFields
    runs = []
    for night in sys.argv[3:]:
        run = dag.test(logical_date=datetime.fromisoformat(night).replace(tzinfo=timezone.utc))
        states, rendered = {}, {}
        for ti in run.get_task_instances():
            states[ti.task_id] = str(ti.state.value if hasattr(ti.state, "value") else ti.state)
            fields = RenderedTaskInstanceFields.get_templated_fields(ti)
            if fields:
                rendered[ti.task_id] = fields
        runs.append(dict(state=str(run.state.value if hasattr(run.state, "value") else run.state), states=states,
                         rendered=rendered, logical_date=run.logical_date.isoformat()))
    out["runs"] = runs
print("WIRE-DRIVER-RESULT " + json.dumps(out, default=str))
'''


@pytest.fixture(scope="module")
def airflow_env(tmp_path_factory):
    """AIRFLOW_HOME with a migrated sqlite database, raw/ holding one night (samples/), and Variables as env vars."""
    if MISSING:  # every test here fails, the rest of the session goes on
        pytest.fail(MISSING, pytrace=False)
    home = tmp_path_factory.mktemp("airflow-home")
    raw = home / "raw"
    shutil.copytree(ROOT / "samples", raw / NIGHT, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home}/airflow.db",
        AIRFLOW__LOGGING__LOGGING_LEVEL="WARNING",
        AIRFLOW_VAR_WIRE_RAW_ROOT=str(raw),
        AIRFLOW_VAR_WIRE_OUTPUT_ROOT=str(home / "out"),
        AIRFLOW_VAR_WIRE_PROJECT_ROOT=str(ROOT),
        AIRFLOW_VAR_WIRE_VARIANT="local",
    )
    migrate = subprocess.run(
        [str(AIRFLOW_PY.with_name("airflow")), "db", "migrate"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
    (home / "driver.py").write_text(DRIVER)
    return home, env


def drive(airflow_env, *args: str, timeout: float = 240, **variables: str) -> dict:
    home, env = airflow_env
    env = {**env, **{f"AIRFLOW_VAR_{name.upper()}": value for name, value in variables.items()}}
    proc = subprocess.run(
        [str(AIRFLOW_PY), str(home / "driver.py"), *args],
        check=False,
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("WIRE-DRIVER-RESULT ")]
    assert proc.returncode == 0 and lines, (
        f"driver failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    )
    return json.loads(lines[-1][len("WIRE-DRIVER-RESULT ") :])


@pytest.fixture(scope="module")
def inspected(airflow_env):
    return drive(airflow_env, "inspect", str(DAGS), timeout=180)


def test_dag_imports_with_nightly_schedule(inspected):
    assert inspected["import_errors"] == {}
    assert inspected["dag_ids"] == ["wire_ingest_nightly"]
    assert inspected["timetable"] == "CronDataIntervalTimetable"
    assert inspected["cron"] == "0 3 * * *"
    assert inspected["timezone"] in ("UTC", "Timezone('UTC')")
    # The run that starts at 03:00 on the 27th covers the 26th: ds is the previous day.
    assert inspected["interval_start"] == "2026-11-26T03:00:00+00:00"
    assert inspected["interval_end"] == "2026-11-27T03:00:00+00:00"
    assert inspected["catchup"] is False
    assert inspected["max_active_runs"] == 1


def test_dag_tasks_and_dependencies(inspected):
    tasks = inspected["tasks"]
    assert sorted(tasks) == ["check_error_ratio", "choose_variant", "run_dataflow", "run_local"]
    assert tasks["run_local"]["type"] == "BashOperator"
    assert tasks["run_dataflow"]["type"] == "DataflowStartFlexTemplateOperator"
    assert tasks["choose_variant"]["downstream"] == ["run_dataflow", "run_local"]
    assert tasks["check_error_ratio"]["upstream"] == ["run_dataflow", "run_local"]
    assert tasks["check_error_ratio"]["trigger_rule"] == "none_failed_min_one_success"
    assert tasks["run_local"]["retries"] == tasks["run_dataflow"]["retries"] == 2


def test_templated_parameters(inspected):
    env = inspected["local_env"]
    assert env["WIRE_INPUT"] == "/data/raw/2026-11-26/"
    assert env["WIRE_OUTPUT"] == "/data/out"
    assert env["WIRE_INGEST_DATE"] == "2026-11-26"
    assert env["WIRE_RUN_ID"] == "nightly-20261126"
    assert env["WIRE_PROJECT_ROOT"] == str(ROOT)
    assert "--runner DirectRunner" in inspected["local_command"]
    assert '"$venv/bin/wire-ingest" "${args[@]}"' in inspected["local_command"]

    launch = inspected["dataflow_body"]["launchParameter"]
    assert launch["containerSpecGcsPath"] == "gs://wire-tpl/wire-ingest.json"
    assert launch["jobName"] == "wire-ingest-20261126"
    assert launch["parameters"] == {
        "input": "gs://wire-raw/raw/2026-11-26/",
        "output": "gs://wire-lake/wire",
        "ingest_date": "2026-11-26",
        "run_id": "nightly-20261126",
        "config": "",
        "sdk_container_image": "us-docker.pkg.dev/wire-prod/wire/wire-ingest:1",
    }
    assert launch["environment"] == {"tempLocation": "gs://wire-tpl/tmp"}
    assert inspected["dataflow_project"] == "wire-prod"
    assert inspected["dataflow_location"] == "us-central1"
    # Every Flex Template parameter the DAG passes (pipeline options aside) is declared in metadata.json.
    metadata = json.loads((ROOT / "deploy" / "dataflow" / "metadata.json").read_text())
    declared = {p["name"] for p in metadata["parameters"]}
    assert set(launch["parameters"]) - {"sdk_container_image"} <= declared

    assert inspected["check_kwargs"] == {
        "output_root": "/data/out",
        "wire_run_id": "nightly-20261126",
        "ingest_date": "2026-11-26",
        "max_error_ratio": "0.05",
        "min_inputs": "1",
    }
    assert inspected["check_kwargs_defaults"]["output_root"] == f"{ROOT}/out"


def test_quality_gate_decisions(inspected):
    gate = inspected["gate"]
    assert gate["at_threshold"] == {"run_id": "nightly-20261126", "inputs": 20, "error_ratio": 0.05, "articles": 30}
    assert gate["above_threshold"]["raised"] == "AirflowFailException"
    assert (
        "error ratio 0.0500 (1 of 20 inputs in errors/) is above wire_max_error_ratio 0.049"
        in gate["above_threshold"]["message"]
    )
    assert gate["too_few_inputs"]["raised"] == "AirflowFailException"
    assert gate["other_date"]["raised"] == "AirflowFailException"
    assert gate["accounting_broken"]["raised"] == "AirflowFailException"


BAD_NIGHT = "2026-11-25"


def _night(out: Path, night: str = NIGHT):
    """The articles of one ingest_date and every file that belongs to that night."""
    articles = ds.dataset(str(out / "articles" / f"ingest_date={night}"), format="parquet", partitioning="hive")
    files = sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and (f"ingest_date={night}" in p.parts or p.parent.name == f"nightly-{night.replace('-', '')}")
    )
    return articles.to_table(), files


def _differences(before, after) -> list:
    """Per uri, the columns whose values differ: a readable failure instead of two walls of rows."""
    old = {r["uri"]: r for r in before.to_pylist()}
    new = {r["uri"]: r for r in after.to_pylist()}
    diffs = [("only before", u) for u in old.keys() - new.keys()] + [("only after", u) for u in new.keys() - old.keys()]
    for uri in sorted(old.keys() & new.keys()):
        cols = sorted(c for c in old[uri] if old[uri][c] != new[uri].get(c))
        if cols:
            diffs.append((uri, cols))
    return diffs


@pytest.fixture(scope="module")
def nights(airflow_env):
    """dag.test() for NIGHT; then, in one more Airflow process, NIGHT again and BAD_NIGHT (one empty page in three)."""
    home, _ = airflow_env
    folder = home / "raw" / BAD_NIGHT
    folder.mkdir(parents=True)
    for name in ("apnews-oregon-spotted-frog-marsh.html", "yahoo-san-benito-bakery-fire.html"):
        shutil.copy(ROOT / "samples" / name, folder / name)
    (folder / "truncated.html").write_bytes(b"")  # an empty object: ReadRawPages rejects it as `empty`
    [first] = drive(airflow_env, "test", str(DAGS), NIGHT)["runs"]
    snapshot = _night(home / "out")
    everything = sorted(str(p.relative_to(home / "out")) for p in (home / "out").rglob("*") if p.is_file())
    # From here on the run profile has its own strict gate: wire-ingest exits 3 on the bad night, the
    # task still succeeds (the night and its report are written) and check_error_ratio fails the run.
    strict = home / "strict.yaml"
    local = (ROOT / "configs" / "local.yaml").read_text()
    strict.write_text(re.sub(r"(?m)^(\s+max_error_ratio:)\s*[0-9.]+", r"\1 0.05", local))
    assert strict.read_text() != local
    second, bad = drive(airflow_env, "test", str(DAGS), NIGHT, BAD_NIGHT, wire_config=str(strict))["runs"]
    return home, first, (*snapshot, everything), second, bad


def test_dag_test_runs_the_local_variant(nights):
    home, first, (articles, files, everything), _, _ = nights
    out = home / "out"
    assert first["states"] == {
        "choose_variant": "success",
        "run_local": "success",
        "run_dataflow": "skipped",
        "check_error_ratio": "success",
    }, first
    assert first["state"] == "success"
    assert first["logical_date"].startswith(NIGHT)
    assert first["rendered"]["run_local"]["env"]["WIRE_INPUT"] == f"{home}/raw/{NIGHT}/"
    assert first["rendered"]["check_error_ratio"]["op_kwargs"]["wire_run_id"] == "nightly-20261126"

    report = json.loads((out / "_runs" / "nightly-20261126" / "report.json").read_text())
    assert report["ingest_date"] == NIGHT
    totals = report["totals"]
    assert totals["inputs"] == totals["pages_split"] + totals["inputs_in_errors"] > 0
    assert articles.num_rows == totals["articles"] > 0
    assert {str(Path(u).parent) for u in articles["input_uri"].to_pylist()} == {f"{home}/raw/{NIGHT}"}
    assert any(f.startswith(f"articles/ingest_date={NIGHT}/language=") for f in files)
    assert any(f.startswith(f"errors/ingest_date={NIGHT}/") for f in files)
    # Nothing left in a staging or temp folder once the night is committed.
    assert [f for f in everything if f.startswith("_staging") or "temp" in f.lower()] == []
    assert "_runs/nightly-20261126/report.json" in everything
    assert not (out / "_staging").exists()


def test_second_dag_test_for_the_same_night_leaves_the_same_rows(nights):
    home, _, (articles, files, _), second, _ = nights
    assert second["state"] == "success", second
    again, files_again = _night(home / "out")
    assert files_again == files  # same shards and the same report path: nothing added
    assert again.num_rows == articles.num_rows
    assert _differences(articles, again) == []


def test_dag_fails_the_night_when_error_ratio_is_above_threshold(nights):
    home, _, _, _, bad = nights
    assert bad["rendered"]["run_local"]["env"]["WIRE_CONFIG"] == str(home / "strict.yaml")
    assert bad["states"]["run_local"] == "success"
    assert bad["states"]["check_error_ratio"] == "failed"
    assert bad["state"] == "failed"
    report = json.loads((home / "out" / "_runs" / "nightly-20261125" / "report.json").read_text())
    assert report["totals"]["inputs"] == 3 and report["totals"]["inputs_in_errors"] == 1
    assert report["totals"]["error_ratio"] == pytest.approx(1 / 3, abs=1e-6)
