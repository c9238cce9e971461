"""The stages as JSON-in/JSON-out functions: what the DAG's tasks and the CLI call.

discover_partition -> process_shard (once per shard, in parallel where allowed)
-> load (the one DuckDB writer) -> check -> publish (the analysts' copy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timezone

from pipeline.config import Settings


def discover_partition(partition_date: str, settings: Settings | None = None) -> dict:
    from pipeline.discover import discover

    settings = settings or Settings()
    plan = discover(settings, date.fromisoformat(partition_date))
    return {
        "partition_date": plan.partition_date,
        "run_id": plan.run_id,
        "files_in": plan.files_in,
        "shards": [s.to_dict() for s in plan.shards],
        "started_at": datetime.now(timezone.utc).replace(tzinfo=None).isoformat(),
    }


def process_shard(shard: dict, settings: Settings | None = None, progress: Callable[[int], None] | None = None) -> dict:
    from pipeline.discover import Shard
    from pipeline.process import process_shard as _process_shard

    return _process_shard(Shard.from_dict(shard), settings or Settings(), progress).to_dict()


def load(plan: dict, shard_results: list[dict], settings: Settings | None = None, orchestrator: str = "cli", orchestrator_run_id: str | None = None) -> dict:
    from pipeline.discover import code_version
    from pipeline.load.duckdb_loader import load_partition

    settings = settings or Settings()
    summary = load_partition(
        settings.db_path,
        plan["partition_date"],
        plan["run_id"],
        plan["files_in"],
        list(shard_results),
        code_version(),
        started_at=datetime.fromisoformat(plan["started_at"]) if plan.get("started_at") else None,
        orchestrator=orchestrator,
        orchestrator_run_id=orchestrator_run_id,
        allow_empty_replace=settings.allow_empty_replace,
        learned_lines_path=settings.learned_lines_path,
        learned_min_articles=settings.learned_min_articles,
    )
    return asdict(summary)


def check(partition_date: str, settings: Settings | None = None) -> dict:
    """Run sql/checks against one partition; raise ChecksFailed listing the offending rows."""
    from pipeline.load.duckdb_loader import connect
    from pipeline.quality import raise_on_failures, run_checks

    settings = settings or Settings()
    con = connect(settings.db_path, read_only=True)
    try:
        results = run_checks(con, date.fromisoformat(partition_date))
    finally:
        con.close()
    raise_on_failures(results, date.fromisoformat(partition_date))
    return {r.name: len(r.offending_rows) for r in results}


def publish(settings: Settings | None = None) -> str:
    """Replace the analysts' copy of the database with the loaded one."""
    from pipeline.publish import publish as _publish

    settings = settings or Settings()
    return str(_publish(settings.db_path, settings.published_path))
