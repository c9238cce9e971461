"""The real DAG under Airflow (SQLite metadata in a temporary AIRFLOW_HOME)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import PROJECT_ROOT
from tests.helpers import SAMPLE_LANDING, airflow_env as make_airflow_env, query, run_day, table_digests

DAYS = ["2021-12-29", "2021-12-30", "2022-01-05"]
AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _run(cmd: list[str], env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def airflow_env(tmp_path_factory) -> dict:
    return make_airflow_env(tmp_path_factory.mktemp("airflow"))


def test_dag_file_imports_nothing_heavy():
    code = (
        "import importlib.util, sys;"
        f"spec = importlib.util.spec_from_file_location('news_etl', {str(PROJECT_ROOT / 'dags' / 'news_etl.py')!r});"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module);"
        "heavy = sorted(m for m in ('spacy', 'trafilatura', 'duckdb', 'pyarrow', 'thinc') if m in sys.modules);"
        "print(','.join(heavy)); assert module.news_etl is not None"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_dags_test_loads_the_same_rows_as_the_cli(airflow_env, tmp_path):
    for day in DAYS:
        _run([AIRFLOW, "dags", "test", "news_etl", day], airflow_env)
    cli_db = tmp_path / "cli.duckdb"
    for day in DAYS:
        assert run_day(SAMPLE_LANDING, day, cli_db, tmp_path / "staging") == 0
    airflow_db = Path(airflow_env["NEWSETL_DB"])
    assert table_digests(airflow_db) == table_digests(cli_db)
    runs = query(airflow_db, "SELECT partition_date::VARCHAR, orchestrator, orchestrator_run_id IS NOT NULL FROM pipeline_runs ORDER BY 1")
    assert runs == [(day, "airflow", True) for day in DAYS]
    # The sample article made it through Airflow too.
    assert query(airflow_db, "SELECT count(*) FROM articles WHERE source_uri = '2021-12-29/000_2ea0c09a0cab73a9.txt'")[0][0] == 1


def test_dags_test_twice_is_idempotent(airflow_env):
    airflow_db = Path(airflow_env["NEWSETL_DB"])
    _run([AIRFLOW, "dags", "test", "news_etl", "2021-12-29"], airflow_env)
    before = table_digests(airflow_db)
    _run([AIRFLOW, "dags", "test", "news_etl", "2021-12-29"], airflow_env)
    assert table_digests(airflow_db) == before


def test_partition_date_comes_from_the_run_explicitly():
    import importlib.util

    import pendulum

    spec = importlib.util.spec_from_file_location("news_etl_dag", PROJECT_ROOT / "dags" / "news_etl.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    day = module.partition_date_of
    # Scheduled and backfill runs: the logical date is the interval's start, midnight UTC.
    assert day({"logical_date": pendulum.datetime(2021, 12, 29, tz="UTC")}) == "2021-12-29"
    assert day({"logical_date": pendulum.datetime(2021, 12, 29, 1, 0, tz="Europe/Paris")}) == "2021-12-29"
    # "Trigger" now: the last complete day, never half of today.
    assert day({"logical_date": pendulum.datetime(2026, 11, 27, 4, 30, tz="UTC")}) == "2026-11-26"
    # The param wins.
    assert day({"params": {"partition_date": "2022-01-05"}, "logical_date": pendulum.datetime(2026, 11, 27, tz="UTC")}) == "2022-01-05"
    with pytest.raises(ValueError):
        day({"params": {}})
