"""news_etl: one run loads one UTC day (partition) of landing files into DuckDB.

Thin by design: each task calls one function of pipeline.runner; heavy imports
(spaCy, trafilatura, DuckDB) happen inside the tasks, never at parse time.

Schedule: CronDataIntervalTimetable("0 0 * * *", UTC). A scheduled run covers
the data interval [day 00:00, next day 00:00) and starts once that day is over;
its logical date is the interval's start, and that UTC day is the partition.
Backfills create the same runs. A manual run (`airflow dags test news_etl
2021-12-29`, "Trigger" in the UI) loads the day of the logical date it is given
(a logical date with a time of day, as "Trigger" stamps by default, loads the last
complete day before it), or the `partition_date` param when set. (A plain cron schedule in Airflow 3 is a
CronTriggerTimetable with a zero-length interval, which names no day; and a
manual run's data interval is the interval *ending* at its logical date, so the
interval is not used for manual runs.)
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronDataIntervalTimetable, Param, dag, get_current_context, task

DUCKDB_POOL = "duckdb_writer"  # one slot: DuckDB allows one writing process


def partition_date_of(context) -> str:
    """The UTC day this run loads: the partition_date param if set, else the logical date."""
    explicit = (context.get("params") or {}).get("partition_date")
    if explicit:
        return pendulum.parse(str(explicit)).date().isoformat()
    logical = context.get("logical_date")
    if logical is None:
        raise ValueError("this run has no logical date: trigger it with a logical date or the partition_date param (YYYY-MM-DD)")
    logical = pendulum.instance(logical).in_timezone("UTC")
    if logical != logical.start_of("day"):
        # "Trigger" in the UI stamps the run with the current time: that names no complete
        # day, so load the last complete one rather than half of today.
        return logical.subtract(days=1).date().isoformat()
    return logical.date().isoformat()


@dag(
    dag_id="news_etl",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2021, 1, 1, tz="UTC"),
    catchup=False,  # history is loaded by backfills an operator starts, not on first deploy
    max_active_runs=4,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2), "retry_exponential_backoff": True},
    params={
        "partition_date": Param(None, type=["null", "string"], format="date", description="UTC day to load (default: the run's data interval)"),
    },
    tags=["news", "etl"],
    doc_md=__doc__,
)
def news_etl():
    @task
    def discover() -> dict:
        from pipeline.runner import discover_partition

        return discover_partition(partition_date_of(get_current_context()))

    @task
    def shards(plan: dict) -> list[dict]:
        return plan["shards"]

    @task(retries=1)
    def process_shard(shard: dict) -> dict:
        from pipeline.runner import process_shard as run

        return run(shard)

    @task(pool=DUCKDB_POOL, trigger_rule="none_failed")
    def load(plan: dict, results) -> dict:
        from pipeline.runner import load as run

        context = get_current_context()
        return run(plan, [r for r in (results or []) if r], orchestrator="airflow", orchestrator_run_id=context["run_id"])

    @task(pool=DUCKDB_POOL, retries=0)
    def checks(summary: dict) -> dict:
        from pipeline.runner import check

        return check(summary["partition_date"])

    @task(pool=DUCKDB_POOL)
    def publish(check_report: dict) -> str:
        from pipeline.runner import publish as run

        return run()

    plan = discover()
    results = process_shard.expand(shard=shards(plan))
    publish(checks(load(plan, results)))


news_etl()
