"""`newsetl`: run the pipeline without Airflow, and small helpers around it."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def cmd_run(args) -> int:
    from tqdm import tqdm

    from pipeline import runner
    from pipeline.config import Settings
    from pipeline.quality import ChecksFailed

    settings = Settings().with_overrides(
        landing_dir=args.landing.resolve() if args.landing else None,
        db_path=args.db.resolve() if args.db else None,
        staging_dir=args.staging.resolve() if args.staging else None,
    )
    end = args.to or args.date
    if end < args.date:
        print(f"error: --to {end} is before --date {args.date}", file=sys.stderr)
        return 2
    if not settings.landing_dir.is_dir():
        print(f"error: landing directory {settings.landing_dir} does not exist", file=sys.stderr)
        return 2
    print(f"landing {settings.landing_dir}\ndatabase {settings.db_path}")
    failures = 0
    totals = dict.fromkeys(_TOTAL_KEYS, 0)
    loaded_any = False
    for day in _days(args.date, end):
        try:
            plan = runner.discover_partition(day.isoformat(), settings)
            with tqdm(desc=f"{day} ({plan['files_in']} files)", unit="doc", file=sys.stderr, disable=args.quiet) as bar:
                results = [runner.process_shard(shard, settings, bar.update) for shard in plan["shards"]]
            summary = runner.load(plan, results, settings)  # runs sql/checks before committing
        except ChecksFailed as exc:
            failures += 1
            print(f"{day}  NOT LOADED (rolled back): {exc}", file=sys.stderr)
            continue
        except Exception as exc:  # noqa: BLE001 - report the day, go on with the range
            failures += 1
            print(f"{day}  FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        loaded_any = True
        _print_summary(summary)
        for key in _TOTAL_KEYS:
            totals[key] += summary[key]
    if loaded_any and not args.no_publish:
        print(f"published {runner.publish(settings)}  (analysts open this copy)")
    if args.to and args.to != args.date:
        print(
            f"total {args.date}..{end}: {totals['documents_in']} documents in, {totals['documents_loaded']} loaded, "
            f"{totals['documents_rejected']} rejected, {totals['entity_mentions']} entity mentions, {totals['events']} events"
        )
    return 1 if failures else 0


_TOTAL_KEYS = ("documents_in", "documents_loaded", "documents_rejected", "entity_mentions", "events")


def _db_settings(args):
    """Settings with the database of --db, when given."""
    from pipeline.config import Settings

    return Settings().with_overrides(db_path=args.db.resolve() if args.db else None)


def _print_summary(summary: dict) -> None:
    print(f"{summary['partition_date']}  run {summary['run_id']}")
    print(f"  documents in   {summary['documents_in']:6d}  (from {summary['files_in']} files)")
    print(f"  loaded         {summary['documents_loaded']:6d}")
    print(f"  rejected       {summary['documents_rejected']:6d}")
    for reason, n in summary["rejected_by_reason"].items():
        print(f"    {reason:<28} {n:4d}")
    print(f"  removed spans  {summary['spans_removed']:6d}")
    print(f"  entities       {summary['entities']:6d}  ({summary['entity_mentions']} mentions)")
    print(f"  events         {summary['events']:6d}")
    print("  checks passed")


def cmd_check(args) -> int:
    from pipeline import runner
    from pipeline.quality import ChecksFailed

    settings = _db_settings(args)
    try:
        print(runner.check(args.date.isoformat(), settings))
    except ChecksFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_publish(args) -> int:
    from pipeline import runner

    settings = _db_settings(args)
    print(f"published {runner.publish(settings)}")
    return 0


def cmd_stats(args) -> int:
    from pipeline.load.duckdb_loader import connect

    settings = _db_settings(args)
    con = connect(settings.db_path, read_only=True)
    try:
        print(f"{settings.db_path}")
        for table in ("articles", "removed_spans", "rejected_documents", "entities", "entity_mentions", "events"):
            print(f"  {table:<20} {con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:8d} rows")
        rows = con.execute(
            "SELECT partition_date, documents_in, documents_loaded, documents_rejected, events, status "
            "FROM pipeline_runs WHERE documents_in > 0 ORDER BY partition_date"
        ).fetchall()
        print("  partition    in  loaded  rejected  events  status")
        for day, n_in, loaded, rejected, events, status in rows:
            print(f"  {day}  {n_in:4d}  {loaded:6d}  {rejected:8d}  {events:6d}  {status}")
    finally:
        con.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsetl", description="News ETL: landing files -> clean text -> entities and events -> DuckDB")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="process and load one day or a range of days (no Airflow needed)")
    run.add_argument("--landing", type=Path, help="landing directory with YYYY-MM-DD/ subfolders (default: $NEWSETL_LANDING or seeds/articles)")
    run.add_argument("--date", type=_date, required=True, help="first partition date, YYYY-MM-DD (UTC day)")
    run.add_argument("--to", type=_date, help="last partition date, inclusive (default: --date)")
    run.add_argument("--db", type=Path, help="DuckDB file (default: $NEWSETL_DB or data/news.duckdb)")
    run.add_argument("--staging", type=Path, help="staging directory for shard Parquet (default: $NEWSETL_STAGING or data/staging)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.add_argument("--no-publish", action="store_true", help="do not refresh the analysts' copy (data/published/) at the end")
    run.set_defaults(func=cmd_run)
    chk = sub.add_parser("check", help="run sql/checks against one loaded partition")
    chk.add_argument("--date", type=_date, required=True)
    chk.add_argument("--db", type=Path)
    chk.set_defaults(func=cmd_check)
    pub = sub.add_parser("publish", help="replace the analysts' copy of the database with the loaded one")
    pub.add_argument("--db", type=Path)
    pub.set_defaults(func=cmd_publish)
    stats = sub.add_parser("stats", help="row counts per table and per loaded partition")
    stats.add_argument("--db", type=Path)
    stats.set_defaults(func=cmd_stats)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
