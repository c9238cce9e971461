"""Boilerplate learned per source domain (pipeline/clean/learned.py), through the CLI into DuckDB.

The fixture in tests/fixtures/learned: Example Daily (www.example-daily.example) on three
days, every article ending with the same promo line that no seed pattern knows, plus one
article of another domain (other-gazette.example) quoting that line, and one Example Daily
brief too short to load. A day learns only from the other days: the first load of the
second day learns nothing (one other day), the third day's first load cuts the line, and
every rerun once the history exists cuts it from Example Daily only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.clean.boilerplate import load_patterns, match_rule
from pipeline.clean.learned import RULE
from pipeline.config import PROJECT_ROOT, Settings
from tests.helpers import count_input_documents, query, run_day, table_digests

LANDING = PROJECT_ROOT / "tests" / "fixtures" / "learned"
DAYS = ["2022-05-02", "2022-05-03", "2022-05-04"]
PROMO = "Example Daily is an independent newsroom funded by readers like you."
SITE, OTHER = "example-daily.example", "other-gazette.example"


def _load(db: Path, staging: Path, day: str) -> None:
    assert run_day(LANDING, day, db, staging) == 0


def _promo_in_text(db: Path, day: str) -> dict[str, int]:
    """source_domain -> articles of the day whose text still contains the promo line."""
    rows = query(db, "SELECT source_domain, count(*) FILTER (WHERE contains(text, $promo)) FROM articles "
                     "WHERE partition_date = $day GROUP BY ALL", {"promo": PROMO, "day": day})
    return dict(rows)


def _learned_cuts(db: Path, day: str) -> list[tuple]:
    return query(
        db,
        """SELECT a.source_domain, s.text, count(*) FROM removed_spans s JOIN articles a USING (article_id)
           WHERE s.partition_date = $day AND s.rule = $rule GROUP BY ALL ORDER BY ALL""",
        {"day": day, "rule": RULE},
    )


def _reconciles(db: Path, day: str) -> None:
    loaded = query(db, "SELECT count(*) FROM articles WHERE partition_date = $d", {"d": day})[0][0]
    rejected = query(db, "SELECT count(*) FROM rejected_documents WHERE partition_date = $d", {"d": day})[0][0]
    assert loaded + rejected == count_input_documents(LANDING, day), day


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, Path, dict]:
    """The three days loaded in order, recording what each first load cut."""
    root = tmp_path_factory.mktemp("learned")
    db, staging = root / "news.duckdb", root / "staging"
    first_loads = {}
    for day in DAYS:
        _load(db, staging, day)
        first_loads[day] = (_promo_in_text(db, day), _learned_cuts(db, day))
    return db, staging, first_loads


def test_the_promo_line_is_not_a_seed_pattern():
    patterns = load_patterns(Settings().reference_dir / "boilerplate_patterns.csv")
    assert match_rule(PROMO, patterns) is None and match_rule(PROMO, patterns, edge=True) is None


def test_one_day_of_history_teaches_nothing(history):
    _, _, first_loads = history
    assert first_loads["2022-05-02"] == ({SITE: 3}, [])  # nothing loaded before
    assert first_loads["2022-05-03"] == ({SITE: 3, OTHER: 1}, [])  # one other day only


def test_two_days_of_history_teach_the_line(history):
    db, _, first_loads = history
    assert first_loads["2022-05-04"] == ({SITE: 0}, [(SITE, PROMO, 3)])
    counts = query(db, "SELECT source_domain, partition_date::VARCHAR, articles, len(article_keys) FROM source_line_counts "
                       "WHERE line_text = $promo ORDER BY ALL", {"promo": PROMO})
    # Counted before the learned cut, and in the brief rejected as too short: a cut line keeps being counted.
    assert counts == [(SITE, "2022-05-02", 3, 3), (SITE, "2022-05-03", 3, 3), (SITE, "2022-05-04", 4, 4), (OTHER, "2022-05-03", 1, 1)]


def _copy(history, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the loaded history, with the loader's export of repeated lines (one per database)."""
    db, staging = tmp_path / "news.duckdb", tmp_path / "staging"
    shutil.copy(history[0], db)
    export = Settings(db_path=db.resolve(), staging_dir=staging.resolve()).learned_lines_path
    export.parent.mkdir(parents=True)
    shutil.copy(Settings(db_path=history[0].resolve(), staging_dir=history[1].resolve()).learned_lines_path, export)
    return db, staging


def test_rerun_cuts_the_learned_line_from_that_domain_only(history, tmp_path):
    db, staging = _copy(history, tmp_path)
    for day in DAYS:
        _load(db, staging, day)
        assert _promo_in_text(db, day).get(SITE) == 0, day
        assert _learned_cuts(db, day) == [(SITE, PROMO, 3)], day
        _reconciles(db, day)
    # The other domain's article keeps the line: learned for example-daily.example only.
    assert _promo_in_text(db, "2022-05-03") == {SITE: 0, OTHER: 1}
    other_text = query(db, "SELECT text FROM articles WHERE source_domain = $d", {"d": OTHER})[0][0]
    assert other_text.endswith(PROMO)
    # Every cut is a removed_spans row with its position; the article text ends with its last real paragraph.
    text, positions = query(
        db,
        """SELECT a.text, list(s.position ORDER BY s.position) FROM articles a JOIN removed_spans s USING (article_id)
           WHERE a.url LIKE '%/tram-line' GROUP BY ALL""",
    )[0]
    assert text.endswith("since construction began.")
    # The learned cut exposed the credit line above it as the article's trailing edge: the seed rule cuts it.
    assert query(db, "SELECT s.rule, s.text FROM removed_spans s JOIN articles a USING (article_id) WHERE a.url LIKE '%/tram-line' "
                     "ORDER BY s.position") == [("credit", "Reporting by Mara Lind; editing by Tom Acre"), (RULE, PROMO)]
    assert positions == [2, 3]
    assert query(db, "SELECT partition_date::VARCHAR, learned_lines FROM pipeline_runs ORDER BY 1") == [(d, 1) for d in DAYS]

    # The same day again, with the same history: identical tables.
    before = table_digests(db)
    for day in DAYS:
        _load(db, staging, day)
        assert table_digests(db) == before, day


def test_after_one_more_pass_the_load_order_does_not_matter(tmp_path):
    """Counts of a day do not depend on what was learned, so once every day is loaded,
    rerunning each day once gives the same database whatever order the days came in."""
    results = {}
    for name, order in (("forward", DAYS), ("backward", list(reversed(DAYS)))):
        db, staging = tmp_path / f"{name}.duckdb", tmp_path / f"{name}-staging"
        for day in order + order:
            _load(db, staging, day)
        results[name] = table_digests(db)
    assert results["forward"] == results["backward"]


def test_without_the_export_a_rerun_learns_nothing_and_says_so(history, tmp_path, caplog):
    """process_shard never opens the database: a staging directory without the export learns nothing
    (the loader warns, and writes the export so that the next run has it)."""
    db = tmp_path / "news.duckdb"
    shutil.copy(history[0], db)
    staging = tmp_path / "empty-staging"
    with caplog.at_level("WARNING", logger="pipeline.load.duckdb_loader"):
        _load(db, staging, "2022-05-03")
    assert _promo_in_text(db, "2022-05-03") == {SITE: 3, OTHER: 1}
    assert "rerun the day" in caplog.text
    assert Settings(db_path=db, staging_dir=staging).learned_lines_path.exists()
    _load(db, staging, "2022-05-03")
    assert _promo_in_text(db, "2022-05-03") == {SITE: 0, OTHER: 1}


def test_loader_sums_the_shards_of_a_day(tmp_path):
    """Shards count separately; the loader adds them up and keeps the day's smallest article keys."""
    from datetime import date

    from pipeline.clean.learned import ARTICLE_KEY_SAMPLE, LineCounter, LineObservation, article_key, paragraph_key
    from pipeline.load.duckdb_loader import load_partition
    from pipeline.process import _write_parquet

    day, run_id, key = "2022-05-09", "20220509-test", paragraph_key(PROMO)
    common = {"partition_date": date.fromisoformat(day), "run_id": run_id}
    all_keys, results = set(), []
    for shard, texts in enumerate(([PROMO] * 20, [PROMO.upper()] * 20)):
        counter = LineCounter()
        for i, text in enumerate(texts):
            url = f"https://www.example-daily.example/{shard}/{i}"
            all_keys.add(article_key(url))
            counter.add(LineObservation(SITE, article_key(url), {key: text}))
        path = tmp_path / "staging" / f"shard-{shard}" / "source_line_counts.parquet"
        _write_parquet(counter.rows(common), path)
        results.append({"partition_date": day, "run_id": run_id, "shard_index": shard, "files": {"source_line_counts": str(path)},
                        "counts": {"documents_in": 0}, "rejected_by_reason": {}})
    db = tmp_path / "news.duckdb"
    load_partition(db, day, run_id, 0, results, "test")
    assert query(db, "SELECT source_domain, line_hash, line_text, articles, article_keys FROM source_line_counts") == [
        (SITE, key, min(PROMO, PROMO.upper()), 40, sorted(all_keys)[:ARTICLE_KEY_SAMPLE])
    ]
