"""Shared test helpers: run the CLI into a temporary database, digest tables."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from pipeline.config import PROJECT_ROOT
from pipeline.process import TABLES as DATA_TABLES  # every table a day's load writes  # noqa: F401

SAMPLE_LANDING = PROJECT_ROOT / "seeds" / "articles"
# Operational metadata that differs between two runs of the same data by nature.
RUN_LOG_VOLATILE = ("started_at", "finished_at", "orchestrator", "orchestrator_run_id")


def run_cli(*args: str) -> int:
    from pipeline.cli import main

    return main([*args, "--quiet"] if args and args[0] == "run" else list(args))


def run_day(landing: Path, day: str, db: Path, staging: Path, to: str | None = None) -> int:
    """`newsetl run` of one day (or day..to) from `landing` into `db`; the exit code."""
    return run_cli("run", "--landing", str(landing), "--date", day, *(("--to", to) if to else ()), "--db", str(db), "--staging", str(staging))


def copy_sample_day(tmp_path: Path, day: str) -> Path:
    """A landing zone of the test's own holding one sample day (safe to change)."""
    import shutil

    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING / day, landing / day)
    return landing


def airflow_env(tmp_path: Path, **extra: str) -> dict:
    """Environment for Airflow in a temporary AIRFLOW_HOME (SQLite) over the sample landing
    zone, initialised with scripts/airflow-init.sh as `make run` does."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "NEWSETL"))}
    env.update(
        AIRFLOW_HOME=str(tmp_path / "airflow"),
        AIRFLOW__CORE__DAGS_FOLDER=str(PROJECT_ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        NEWSETL_LANDING=str(SAMPLE_LANDING),
        NEWSETL_DB=str(tmp_path / "airflow.duckdb"),
        NEWSETL_STAGING=str(tmp_path / "airflow-staging"),
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        **extra,
    )
    init = subprocess.run(["bash", str(PROJECT_ROOT / "scripts" / "airflow-init.sh")], env=env, capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT)
    assert init.returncode == 0, f"airflow-init.sh failed:\n{init.stdout[-3000:]}\n{init.stderr[-3000:]}"
    return env


def table_digests(db_path: Path, partitions: list[str] | None = None, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of each table's rows, sorted, so two databases compare table by table.

    `partitions` limits the per-partition tables to those days; `extra` adds tables or views.
    """
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        digests = {}
        for table in (*DATA_TABLES, "pipeline_runs", *extra):
            columns = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
            if table == "pipeline_runs":
                columns = [c for c in columns if c not in RUN_LOG_VOLATILE]
            where = ""
            if partitions is not None and "partition_date" in columns:
                where = "WHERE partition_date::VARCHAR IN (SELECT unnest($days))"
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} {where}", {"days": partitions} if where else {}).fetchall()
            lines = sorted(json.dumps(row, default=str, ensure_ascii=False) for row in rows)
            digests[table] = hashlib.sha256("\n".join(lines).encode()).hexdigest() + f" ({len(lines)} rows)"
        return digests
    finally:
        con.close()


def query(db_path: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or {}).fetchall()
    finally:
        con.close()


def count_input_documents(landing: Path, partition_date: str) -> int:
    """Input documents counted independently of the pipeline: one per file (hidden and
    unsupported files included: they must show up as rejections), one per non-blank
    JSON Lines line (at least one per file: an empty feed is itself a rejection)."""
    import gzip

    total = 0
    for path in sorted((landing / partition_date).rglob("*")):
        if not path.is_file():
            continue
        name = path.name.removesuffix(".gz")
        if name.endswith(".jsonl") and not path.name.startswith("."):
            raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
            total += max(1, sum(1 for line in raw.decode("utf-8").split("\n") if line.strip()))
        else:
            total += 1
    return total
