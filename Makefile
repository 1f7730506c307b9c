# wire-ingest: `make demo` runs the pipeline on samples/, `make test` runs the suite.
# Both create .venv on first use; only Python 3.11 and make are needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AIRFLOW_VENV := .venv-airflow
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed

.PHONY: demo test install bench clean airflow-venv dataflow-template dataflow-run

$(STAMP): setup.py requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/wire-ingest run --input samples --output out --ingest_date 2026-11-26 --run_id demo --runner DirectRunner

test: $(STAMP) $(AIRFLOW_STAMP)
	$(BIN)/python -m pytest -q tests

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pipeline.py

# Airflow lives in its own venv (about 2.2 GB); the DAG tests run it through a subprocess.
$(AIRFLOW_STAMP): requirements-airflow.txt orchestration/airflow/setup_venv.sh
	PYTHON=$(PYTHON) bash orchestration/airflow/setup_venv.sh $(AIRFLOW_VENV)

airflow-venv: $(AIRFLOW_STAMP)

clean:
	rm -rf out .pytest_cache

# Dataflow Flex Template (needs docker and gcloud; see deploy/dataflow/README.md; not run by CI)
PROJECT ?= $(shell gcloud config get-value project 2>/dev/null)
REGION ?= us-central1
BUCKET ?= $(PROJECT)-wire-ingest
TAG ?= $(shell git rev-parse --short HEAD)
IMAGE ?= $(REGION)-docker.pkg.dev/$(PROJECT)/wire/wire-ingest:$(TAG)
TEMPLATE ?= gs://$(BUCKET)/templates/wire-ingest.json
INGEST_DATE ?= $(shell date -u -d yesterday +%F)
INPUT ?= gs://$(BUCKET)/raw/$(INGEST_DATE)/
OUTPUT ?= gs://$(BUCKET)/wire
RUN_ID ?= manual-$(subst -,,$(INGEST_DATE))

dataflow-template:
	docker build -f deploy/dataflow/Dockerfile -t $(IMAGE) .
	docker push $(IMAGE)
	gcloud dataflow flex-template build $(TEMPLATE) --image $(IMAGE) --sdk-language PYTHON \
	  --metadata-file deploy/dataflow/metadata.json --project $(PROJECT)

dataflow-run:
	gcloud dataflow flex-template run wire-ingest-$(subst -,,$(INGEST_DATE)) \
	  --template-file-gcs-location $(TEMPLATE) --project $(PROJECT) --region $(REGION) \
	  --temp-location gs://$(BUCKET)/tmp \
	  --parameters input=$(INPUT),output=$(OUTPUT),ingest_date=$(INGEST_DATE),run_id=$(RUN_ID),sdk_container_image=$(IMAGE)
