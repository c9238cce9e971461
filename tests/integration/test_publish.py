"""Analysts read the published copy and never block the loader."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import SAMPLE_LANDING, query, run_day, table_digests

ANALYST = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
    sys.stdin.readline()  # hold the file open while the pipeline loads and publishes
    print(con.execute("SELECT count(*) FROM articles").fetchone()[0], flush=True)
    """
)


def test_published_copy_matches_and_an_open_reader_does_not_block_the_loader(tmp_path):
    db = tmp_path / "news.duckdb"
    published = tmp_path / "published" / "news.duckdb"

    def run(day):
        return run_day(SAMPLE_LANDING, day, db, tmp_path / "st")

    assert run("2021-12-29") == 0
    assert published.exists()
    assert table_digests(published) == table_digests(db)

    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(published)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "2"
        # The analyst still has the published file open: the load and the publish go through.
        assert run("2021-12-30") == 0
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "2"  # a consistent snapshot: the day it opened
    finally:
        analyst.stdin.close()
        analyst.wait(timeout=30)
    assert query(published, "SELECT count(*) FROM articles")[0][0] == 7  # a new reader sees the new day
    assert table_digests(published) == table_digests(db)


def test_a_stale_journal_of_the_published_copy_is_not_replayed(tmp_path):
    """An analyst who opened the copy read-write and was killed leaves a journal; the
    next reader of a freshly published copy must not replay it onto the new data."""
    import duckdb

    from pipeline.publish import publish

    db, published = tmp_path / "news.duckdb", tmp_path / "published" / "news.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    publish(db, published)
    crash = textwrap.dedent(
        """
        import os, sys, duckdb
        con = duckdb.connect(sys.argv[1])
        con.execute("SET checkpoint_threshold = '1TB'")
        con.execute("CREATE TABLE scratch AS SELECT 42 AS y")
        os._exit(9)  # killed: no checkpoint, the journal stays
        """
    )
    subprocess.run([sys.executable, "-c", crash, str(published)], timeout=60)
    assert published.with_name(published.name + ".wal").exists()
    publish(db, published)
    assert query(published, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'scratch'")[0][0] == 0
    assert query(published, "SELECT x FROM t") == [(1,)]
