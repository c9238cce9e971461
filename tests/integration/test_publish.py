"""Analysts read the published copy and never block the loader."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.helpers import SAMPLE_LANDING, query, run_cli, table_digests

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
        return run_cli("run", "--landing", str(SAMPLE_LANDING), "--date", day, "--db", str(db), "--staging", str(tmp_path / "st"))

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
