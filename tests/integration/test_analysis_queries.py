"""Every ready-made analysis query runs on the sample database and returns rows."""

from __future__ import annotations

import pytest

from pipeline.config import SQL_DIR
from tests.helpers import query

QUERIES = sorted((SQL_DIR / "analysis").glob("*.sql"))


def test_the_issue_queries_exist():
    names = {q.stem for q in QUERIES}
    assert {"events_by_type_per_day", "top_actor_recipient_pairs", "entity_mention_timeline"} <= names


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_analysis_query_runs_and_returns_rows(sample_db, path):
    rows = query(sample_db, path.read_text(encoding="utf-8"))
    assert rows, f"{path.name} returned no rows on the sample corpus"


def test_top_pairs_include_the_sample_articles_call(sample_db):
    sql = (SQL_DIR / "analysis" / "top_actor_recipient_pairs.sql").read_text(encoding="utf-8")
    assert "LIMIT 50" in sql
    rows = query(sample_db, sql.replace("LIMIT 50", ""))  # every pair: the sample corpus has ties at one event
    pairs = {(r[0], r[1], r[2]) for r in rows}
    # An asserted event of the sample article (the query counts asserted events only).
    assert ("Antony J. Blinken", "Volodymyr Zelensky", "CONSULT") in pairs


def test_events_by_type_separates_modes(sample_db):
    rows = query(sample_db, (SQL_DIR / "analysis" / "events_by_type_per_day.sql").read_text(encoding="utf-8"))
    total = sum(r[3] + r[4] + r[5] for r in rows)
    assert total == query(sample_db, "SELECT count(*) FROM events")[0][0]
    assert any(r[5] > 0 for r in rows) and any(r[3] > 0 for r in rows)
