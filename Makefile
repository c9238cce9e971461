# Two entry points for a fresh machine with Python 3.11:
#   make run   set up .venv and Airflow (SQLite), run the news_etl DAG over the sample corpus
#   make test  set up .venv and run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
INSTALLED := $(VENV)/.installed
SAMPLE_DATES = $(shell ls seeds/articles | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$$')

.PHONY: install airflow-init run test bench lock clean

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 required, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

airflow-init: install
	@bash scripts/airflow-init.sh

# The main job: the real DAG, one `airflow dags test` per sample day, into data/news.duckdb.
run: airflow-init
	@mkdir -p data/logs
	@source scripts/airflow-env.sh; for day in $(SAMPLE_DATES); do \
		echo "news_etl $$day ... (log: data/logs/news_etl-$$day.log)"; \
		airflow dags test news_etl $$day >data/logs/news_etl-$$day.log 2>&1 \
			|| { tail -40 data/logs/news_etl-$$day.log; echo "news_etl $$day FAILED"; exit 1; }; \
	done
	@$(VENV)/bin/newsetl stats

test: install
	$(VENV)/bin/python -m pytest

bench: install
	$(VENV)/bin/python bench/extraction.py

# Re-pin every package after changing pyproject.toml's dependencies (setuptools and
# wheel included: the editable install builds with them, without network).
lock:
	$(VENV)/bin/pip freeze --all --exclude-editable | grep -vE '^(pip|newsetl)==' > requirements.lock

clean:
	rm -rf data .airflow
