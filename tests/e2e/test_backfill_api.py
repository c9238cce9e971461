"""A backfill started the way the Airflow UI starts one: POST /api/v2/backfills
against a real `airflow standalone` (scheduler, dag-processor, API server,
triggerer) on loopback, with SQLite metadata in a temporary AIRFLOW_HOME.
The result must equal loading each day on its own with the CLI."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_LANDING, airflow_env, query, run_day, table_digests

DAYS = ["2021-12-29", "2021-12-30"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, token: str | None = None, body: dict | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=30) as response:
        return json.loads(response.read())


def _wait(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError, OSError, KeyError, json.JSONDecodeError):
            pass
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}; last log lines:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-60:]))


@pytest.fixture
def standalone(tmp_path):
    port = _free_port()
    env = airflow_env(
        tmp_path,
        # Unpaused, as after `make run`: the scheduler also runs the latest interval, which
        # the comparison below leaves out (a paused DAG's backfill runs are not scheduled).
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="False",
        AIRFLOW__API__HOST="127.0.0.1",
        AIRFLOW__API__PORT=str(port),
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
    )
    log = tmp_path / "standalone.log"
    with log.open("w") as out:
        process = subprocess.Popen(["airflow", "standalone"], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _request(f"{base}/api/v2/monitor/health")["scheduler"]["status"] == "healthy", 180, "the scheduler", log)
        passwords = tmp_path / "airflow" / "simple_auth_manager_passwords.json.generated"
        _wait(passwords.exists, 60, "the admin password file", log)
        password = json.loads(passwords.read_text())["admin"]
        token = _wait(lambda: _request(f"{base}/auth/token", body={"username": "admin", "password": password})["access_token"], 60, "a token", log)
        _wait(lambda: _request(f"{base}/api/v2/dags/news_etl", token)["dag_id"], 120, "the DAG to be parsed", log)
        yield base, token, Path(env["NEWSETL_DB"]), log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def test_backfill_through_the_rest_api_equals_day_by_day_loading(standalone, tmp_path):
    base, token, airflow_db, log = standalone
    body = {"dag_id": "news_etl", "from_date": f"{DAYS[0]}T00:00:00Z", "to_date": f"{DAYS[-1]}T00:00:00Z", "max_active_runs": 2, "reprocess_behavior": "completed"}

    def create_backfill():
        try:
            return _request(f"{base}/api/v2/backfills", token, body)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            if (exc.code == 503 and "Database is locked" in detail) or (exc.code == 500 and "Database error" in detail):
                # SQLite metadata: while the scheduler writes, Airflow refuses the backfill
                # (503) or fails the request (500); the UI user retries.
                return None
            if exc.code == 409:
                # An earlier attempt did get through before the error: use that backfill.
                existing = _request(f"{base}/api/v2/backfills?dag_id=news_etl", token)["backfills"]
                return existing[0] if existing else None
            raise AssertionError(f"POST /api/v2/backfills: {exc.code} {detail}") from exc

    # Let the scheduler create the latest interval's run first: fewer concurrent SQLite writers.
    _wait(lambda: _request(f"{base}/api/v2/dags/news_etl/dagRuns", token)["total_entries"] >= 1, 60, "the scheduled run", log)
    backfill = _wait(create_backfill, 120, "the backfill to be accepted", log)

    def finished():
        runs = _request(f"{base}/api/v2/dags/news_etl/dagRuns?run_type=backfill", token)["dag_runs"]
        states = {r["logical_date"][:10]: r["state"] for r in runs}
        if any(s == "failed" for s in states.values()):
            raise AssertionError(f"backfill run failed: {states}; log: {log}")
        return states if len(states) == len(DAYS) and set(states.values()) == {"success"} else None

    states = _wait(finished, 240, f"backfill {backfill['id']} to succeed", log)
    assert sorted(states) == DAYS

    cli_db = tmp_path / "cli.duckdb"
    for day in DAYS:
        assert run_day(SAMPLE_LANDING, day, cli_db, tmp_path / "cli-staging") == 0
    assert table_digests(airflow_db, DAYS) == table_digests(cli_db, DAYS)
    runs = query(airflow_db, "SELECT partition_date::VARCHAR, orchestrator_run_id FROM pipeline_runs WHERE orchestrator_run_id LIKE 'backfill%' ORDER BY 1")
    assert [r[0] for r in runs] == DAYS
