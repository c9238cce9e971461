"""Reruns are safe: the same day twice, or days in any order, give the same database."""

from __future__ import annotations

from tests.helpers import SAMPLE_LANDING, copy_sample_day, query, run_day, table_digests

DAYS = ["2021-12-29", "2021-12-30", "2022-01-05"]


def test_same_day_twice_gives_identical_tables(tmp_path):
    db = tmp_path / "news.duckdb"
    assert run_day(SAMPLE_LANDING, "2021-12-29", db, tmp_path / "staging") == 0
    first = table_digests(db)
    assert run_day(SAMPLE_LANDING, "2021-12-29", db, tmp_path / "staging") == 0
    assert table_digests(db) == first
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 2
    assert query(db, "SELECT count(*) FROM pipeline_runs")[0][0] == 1


def test_day_order_does_not_change_the_result(tmp_path):
    """A backfill loads days in any order (and in parallel runs); the result equals day-by-day loading."""
    forward, backward = tmp_path / "forward.duckdb", tmp_path / "backward.duckdb"
    for db, days in ((forward, DAYS), (backward, list(reversed(DAYS)))):
        for day in days:
            assert run_day(SAMPLE_LANDING, day, db, tmp_path / "staging") == 0
    assert table_digests(forward) == table_digests(backward)


def test_rerun_after_input_changes_replaces_the_partition(tmp_path):
    landing = copy_sample_day(tmp_path, "2021-12-30")
    db = tmp_path / "news.duckdb"
    assert run_day(landing, "2021-12-30", db, tmp_path / "staging") == 0
    before = query(db, "SELECT count(*) FROM articles")[0][0]
    (landing / "2021-12-30" / "diplomacy-geneva-talks.html").unlink()
    assert run_day(landing, "2021-12-30", db, tmp_path / "staging") == 0
    assert query(db, "SELECT count(*) FROM articles")[0][0] == before - 1
    # No leftovers of the removed document anywhere.
    for table in ("entity_mentions", "events", "removed_spans"):
        orphans = query(db, f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT article_id FROM articles)")[0][0]
        assert orphans == 0, table
    assert query(db, "SELECT count(*) FROM pipeline_runs")[0][0] == 1
