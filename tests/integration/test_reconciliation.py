"""Nothing is lost silently: every input document of an awkward landing day ends in
`articles` or in `rejected_documents` with a reason."""

from __future__ import annotations

import gzip
import shutil

from tests.helpers import SAMPLE_LANDING, copy_sample_day, query, run_day

DAY = "2022-02-01"


def test_awkward_inputs_are_all_accounted_for(tmp_path):
    day = tmp_path / "landing" / DAY
    day.mkdir(parents=True)
    shutil.copy(SAMPLE_LANDING / "2021-12-29" / "000_2ea0c09a0cab73a9.txt", day / "good.txt")  # 1 loaded
    (day / "empty.jsonl").write_text("")  # 1 rejected: no_records
    (day / "array.json").write_text("[]")  # 1 rejected: no_records
    broken = bytearray(gzip.compress(b"<html><body>" + b"<p>word</p>" * 200 + b"</body></html>"))
    broken[20:40] = b"\xff" * 20
    (day / "broken.html.gz").write_bytes(bytes(broken))  # 1 rejected: unreadable_file
    (day / ".DS_Store").write_bytes(b"\x00\x01")  # 1 rejected: hidden_file
    (day / "pretty.json").write_text('{\n  "title": "x"\n  "text": "y"\n}\n')  # 1 rejected: invalid_json
    (day / "scan.pdf").write_bytes(b"%PDF-1.4")  # 1 rejected: unsupported_format
    (day / "feed.jsonl").write_text('{"title": "t", "text": "too short"}\n{"url": "https://x.example/a"}\n')  # 2 rejected
    db = tmp_path / "news.duckdb"
    assert run_day(tmp_path / "landing", DAY, db, tmp_path / "st") == 0

    assert query(db, "SELECT count(*) FROM articles")[0][0] == 1
    reasons = sorted(query(db, "SELECT reason, count(*) FROM rejected_documents GROUP BY reason"))
    assert reasons == [
        ("hidden_file", 1), ("invalid_json", 1), ("no_body", 1), ("no_records", 2),
        ("too_short", 1), ("unreadable_file", 1), ("unsupported_format", 1),
    ]
    run = query(db, "SELECT files_in, documents_in, documents_loaded, documents_rejected FROM pipeline_runs")
    assert run == [(8, 9, 1, 8)]


def _loaded_sample_day(tmp_path):
    """The sample's first day copied to a landing zone of its own and loaded once."""
    landing = copy_sample_day(tmp_path, "2021-12-29")
    db = tmp_path / "news.duckdb"

    def rerun() -> int:
        return run_day(landing, "2021-12-29", db, tmp_path / "st")

    assert rerun() == 0
    return landing, db, rerun


def test_a_failing_check_rolls_the_day_back(tmp_path, monkeypatch):
    """A day that fails sql/checks never becomes visible: the load transaction is rolled back."""
    import pipeline.load.duckdb_loader as loader
    from pipeline.quality import CheckResult

    landing, db, rerun = _loaded_sample_day(tmp_path)
    before = query(db, "SELECT count(*), min(run_id) FROM articles")

    # A change of input plus a check that finds an offending row: the new load must not land.
    (landing / "2021-12-29" / "wire-kyiv-border.html").unlink()
    real = loader.run_checks
    monkeypatch.setattr(loader, "run_checks", lambda con, day: [*real(con, day), CheckResult("always_fails", [(1,)], ["x"])])
    assert rerun() == 1  # reported as a failure, not a crash
    assert query(db, "SELECT count(*), min(run_id) FROM articles") == before


def test_an_empty_landing_folder_does_not_wipe_a_loaded_day(tmp_path, monkeypatch):
    landing, db, rerun = _loaded_sample_day(tmp_path)
    shutil.rmtree(landing / "2021-12-29")  # e.g. an archive job moved the folder away
    assert rerun() == 1  # refused and reported
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 2
    monkeypatch.setenv("NEWSETL_ALLOW_EMPTY_REPLACE", "1")
    assert rerun() == 0  # an operator who means it
    assert query(db, "SELECT count(*) FROM articles")[0][0] == 0


def test_a_load_retried_after_it_committed_is_a_no_op(tmp_path):
    from pipeline import runner
    from pipeline.config import Settings

    settings = Settings().with_overrides(landing_dir=SAMPLE_LANDING, db_path=tmp_path / "news.duckdb", staging_dir=tmp_path / "st")
    plan = runner.discover_partition("2021-12-29", settings)
    results = [runner.process_shard(shard, settings) for shard in plan["shards"]]
    first = runner.load(plan, results, settings)
    again = runner.load(plan, results, settings)  # staged files are gone: an Airflow retry after the commit
    assert again == first


def test_deeply_nested_json_is_a_rejection_not_a_failed_day(tmp_path):
    day = tmp_path / "landing" / DAY
    day.mkdir(parents=True)
    (day / "deep.json").write_text("[" * 100000)
    (day / "deep.jsonl").write_text("[" * 100000 + "\n")
    db = tmp_path / "news.duckdb"
    assert run_day(tmp_path / "landing", DAY, db, tmp_path / "st") == 0
    assert sorted(r[0] for r in query(db, "SELECT reason FROM rejected_documents")) == ["invalid_json", "invalid_json"]
