"""Shared test helpers: run the CLI into a temporary database, digest tables."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from pipeline.config import PROJECT_ROOT

SAMPLE_LANDING = PROJECT_ROOT / "seeds" / "articles"
DATA_TABLES = (
    "articles", "removed_spans", "rejected_documents", "entities", "entity_mentions", "events",
    "article_fingerprints", "article_lsh_bands", "source_line_counts",
)
# Operational metadata that differs between two runs of the same data by nature.
RUN_LOG_VOLATILE = ("started_at", "finished_at", "orchestrator", "orchestrator_run_id")


def run_cli(*args: str) -> int:
    from pipeline.cli import main

    return main([*args, "--quiet"] if args and args[0] == "run" else list(args))


def table_digests(db_path: Path, partitions: list[str] | None = None) -> dict[str, str]:
    """sha256 of each table's rows, sorted, so two databases compare table by table.

    `partitions` limits the per-partition tables to those days.
    """
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        digests = {}
        for table in (*DATA_TABLES, "pipeline_runs"):
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
