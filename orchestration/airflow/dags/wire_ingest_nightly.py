"""Nightly wire-ingest: the previous day's raw prefix -> that day's partitions, gated on the error ratio.

One DAG run per night. The run for the data interval that starts on day D (logical date D, `{{ ds }}`)
starts at 03:00 UTC on D+1, reads `<raw_root>/D/` and owns the `ingest_date=D` partitions:

    choose_variant -> run_local     (DirectRunner in the project's own .venv: `wire-ingest run ...`)
                   -> run_dataflow  (the Flex Template, DataflowStartFlexTemplateOperator; the
                                     Airflow workers need no Beam and no project code)
                   -> check_error_ratio  (reads <output_root>/_runs/<run_id>/report.json and fails
                                          the run when totals.error_ratio is above the threshold)

Retries and reruns replace the night instead of adding to it: the pipeline deletes the files of its
ingest_date that it did not write, and the run id is stable per logical date (`nightly-YYYYMMDD`),
so a retry also rewrites the same run report, which the check reads.

Settings are Airflow Variables (so also env vars `AIRFLOW_VAR_<NAME>`), read when a task runs,
never when the file is parsed:

    wire_variant                 local | dataflow                         (default: local)
    wire_project_root            checkout with .venv/ (local variant)     (default: this repo)
    wire_venv                    venv holding `wire-ingest`               (default: <project_root>/.venv)
    wire_raw_root                raw pages, one folder/prefix per day     (default: <project_root>/raw)
    wire_output_root             tables and run reports                   (default: <project_root>/out)
    wire_config                  run profile YAML for the local variant   (default: packaged local.yaml)
    wire_max_error_ratio         inputs in errors / inputs, at most       (default: 0.05)
    wire_min_inputs              fewer inputs fail the night (no crawl?)  (default: 1)
    wire_gcp_project, wire_dataflow_region, wire_dataflow_template (gs:// path of the template spec),
    wire_dataflow_image (the template image, used as the workers' SDK container),
    wire_dataflow_temp_location, wire_dataflow_config (optional)          (dataflow variant)
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from airflow.providers.google.cloud.operators.dataflow import DataflowStartFlexTemplateOperator
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, task
from airflow.sdk.exceptions import AirflowFailException
from airflow.timetables.interval import CronDataIntervalTimetable

PROJECT_ROOT = str(Path(__file__).resolve().parents[3])
DAG_ID = "wire_ingest_nightly"
# Data interval [D 03:00, D+1 03:00) UTC: the run starts once day D's crawl has had three hours to
# land, and its logical date (ds) is D. Airflow 3's plain cron schedule would give ds = D+1.
SCHEDULE = CronDataIntervalTimetable("0 3 * * *", timezone="UTC")
RUN_ID = "nightly-{{ ds_nodash }}"

DEFAULTS = {
    "wire_variant": "local",
    "wire_project_root": PROJECT_ROOT,
    "wire_venv": "",  # empty: <project_root>/.venv
    "wire_raw_root": f"{PROJECT_ROOT}/raw",
    "wire_output_root": f"{PROJECT_ROOT}/out",
    "wire_config": "",
    "wire_max_error_ratio": "0.05",
    "wire_min_inputs": "1",
    "wire_gcp_project": "",
    "wire_dataflow_region": "us-central1",
    "wire_dataflow_template": "",
    "wire_dataflow_image": "",
    "wire_dataflow_temp_location": "",
    "wire_dataflow_config": "",
}


def setting(name: str) -> str:
    """A Jinja expression for a Variable with its default, resolved when the task runs."""
    return "{{ var.value.get(" + repr(name) + ", " + repr(DEFAULTS[name]) + ") }}"


def strip_slash(expr: str) -> str:
    return expr[: -len(" }}")] + ".rstrip('/') }}"


RAW_PREFIX = strip_slash(setting("wire_raw_root")) + "/{{ ds }}/"
OUTPUT_ROOT = strip_slash(setting("wire_output_root"))

# The local run is a plain process in the project's venv, so Airflow's venv never imports Beam or
# the pipeline. Exit 3 is the run profile's own quality gate: the night is written and so is its
# report, so rerunning cannot help; the task succeeds and check_error_ratio decides with
# wire_max_error_ratio. Any other failure fails the task, which Airflow retries.
LOCAL_COMMAND = """\
set -euo pipefail
venv="${WIRE_VENV:-$WIRE_PROJECT_ROOT/.venv}"
args=(run --input "$WIRE_INPUT" --output "$WIRE_OUTPUT" --ingest_date "$WIRE_INGEST_DATE"
      --run_id "$WIRE_RUN_ID" --no_progress --runner DirectRunner)
if [[ -n "${WIRE_CONFIG:-}" ]]; then args+=(--config "$WIRE_CONFIG"); fi
cd "$WIRE_PROJECT_ROOT"
status=0
"$venv/bin/wire-ingest" "${args[@]}" || status=$?
if [[ $status -eq 3 ]]; then
  echo "wire-ingest: the run profile's quality gate failed (exit 3); check_error_ratio decides"
  exit 0
fi
exit $status
"""


def read_report(output_root: str, run_id: str) -> dict:
    path = f"{output_root.rstrip('/')}/_runs/{run_id}/report.json"
    if path.startswith("gs://"):
        from airflow.providers.google.cloud.hooks.gcs import GCSHook

        bucket, _, name = path[len("gs://") :].partition("/")
        if not GCSHook().exists(bucket, name):
            raise AirflowFailException(f"no run report at {path}: the pipeline did not finish")
        return json.loads(GCSHook().download(bucket, name))
    local = Path(path)
    if not local.is_file():
        raise AirflowFailException(f"no run report at {path}: the pipeline did not finish")
    return json.loads(local.read_text(encoding="utf-8"))


def evaluate(report: dict, ingest_date: str, max_error_ratio: float, min_inputs: int) -> dict:
    """The gate: raise AirflowFailException (no retry: rerunning bad data gives the same ratio)."""
    if report.get("ingest_date") != ingest_date:
        raise AirflowFailException(f"report is for ingest_date {report.get('ingest_date')}, expected {ingest_date}")
    totals = report["totals"]
    if not totals.get("accounting_holds", False):
        raise AirflowFailException(f"accounting does not hold: {totals}")
    if totals["inputs"] < min_inputs:
        raise AirflowFailException(f"{totals['inputs']} inputs for {ingest_date}, expected at least {min_inputs}")
    ratio = float(totals["error_ratio"])
    if ratio > max_error_ratio:
        raise AirflowFailException(
            f"error ratio {ratio:.4f} ({totals['inputs_in_errors']} of {totals['inputs']} inputs in errors/) "
            f"is above wire_max_error_ratio {max_error_ratio}"
        )
    return {
        "run_id": report["run_id"],
        "inputs": totals["inputs"],
        "error_ratio": ratio,
        "articles": totals["articles"],
    }


with DAG(
    dag_id=DAG_ID,
    description="wire-ingest: yesterday's raw pages -> Parquet partitions, with an error-ratio gate",
    schedule=SCHEDULE,
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["wire-ingest"],
    doc_md=__doc__,
) as dag:

    @task.branch
    def choose_variant(variant: str) -> str:
        if variant not in ("local", "dataflow"):
            raise AirflowFailException(f"wire_variant must be 'local' or 'dataflow', not {variant!r}")
        return f"run_{variant}"

    run_local = BashOperator(
        task_id="run_local",
        bash_command=LOCAL_COMMAND,
        append_env=True,
        env={
            "WIRE_PROJECT_ROOT": setting("wire_project_root"),
            "WIRE_VENV": setting("wire_venv"),
            "WIRE_INPUT": RAW_PREFIX,
            "WIRE_OUTPUT": OUTPUT_ROOT,
            "WIRE_INGEST_DATE": "{{ ds }}",
            "WIRE_RUN_ID": RUN_ID,
            "WIRE_CONFIG": setting("wire_config"),
        },
    )

    run_dataflow = DataflowStartFlexTemplateOperator(
        task_id="run_dataflow",
        project_id=setting("wire_gcp_project"),
        location=setting("wire_dataflow_region"),
        wait_until_finished=True,
        append_job_name=True,  # a retry starts a new job instead of colliding with the failed one
        body={
            "launchParameter": {
                "jobName": "wire-ingest-{{ ds_nodash }}",
                "containerSpecGcsPath": setting("wire_dataflow_template"),
                # Named as the CLI flags are (deploy/dataflow/metadata.json).
                "parameters": {
                    "input": RAW_PREFIX,
                    "output": OUTPUT_ROOT,
                    "ingest_date": "{{ ds }}",
                    "run_id": RUN_ID,
                    "config": setting("wire_dataflow_config"),
                    "sdk_container_image": setting("wire_dataflow_image"),
                },
                "environment": {"tempLocation": setting("wire_dataflow_temp_location")},
            }
        },
    )

    @task(trigger_rule="none_failed_min_one_success")
    def check_error_ratio(output_root: str, wire_run_id: str, ingest_date: str, max_error_ratio: str, min_inputs: str):
        # `wire_run_id`, not `run_id`: Airflow reserves that name for the DAG run's own id.
        report = read_report(output_root, wire_run_id)
        result = evaluate(report, ingest_date, float(max_error_ratio), int(min_inputs))
        print(f"wire-ingest {wire_run_id}: {result['inputs']} inputs, error ratio {result['error_ratio']:.4f}, ok")
        return result

    check = check_error_ratio(
        output_root=OUTPUT_ROOT,
        wire_run_id=RUN_ID,
        ingest_date="{{ ds }}",
        max_error_ratio=setting("wire_max_error_ratio"),
        min_inputs=setting("wire_min_inputs"),
    )
    choose_variant(setting("wire_variant")) >> [run_local, run_dataflow] >> check
