"""The only code that writes DuckDB.

Applies the numbered migrations in sql/schema, then replaces one partition in a
single transaction: delete the partition's rows, insert the staged Parquet rows
in a fixed order, refresh the cross-partition columns (entities, and the story
clusters of exact and near copies across the whole history), record the run. A
failure anywhere rolls the whole partition back, so analysts never see a
half-loaded day. After the commit it exports the repeated lines that process_shard
learns boilerplate from (pipeline/clean/learned.py).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.config import SQL_DIR
from pipeline.quality import raise_on_failures, run_checks

log = logging.getLogger(__name__)

# Deterministic physical order: the same input gives byte-for-byte the same rows.
FACT_TABLES = {
    "articles": "article_id",
    "removed_spans": "article_id, position",
    "rejected_documents": "source_uri",
    "entity_mentions": "article_id, start_char, end_char, entity_id",
    "events": "article_id, sentence_index, event_id",
    "article_fingerprints": "article_id",
    "article_lsh_bands": "article_id, band",
}


def connect(db_path: Path, read_only: bool = False):
    import duckdb

    if read_only and not db_path.exists():
        raise FileNotFoundError(f"DuckDB file {db_path} does not exist yet: run the pipeline first")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise RuntimeError(
                f"{db_path} is locked by another process (DuckDB allows one writer, and no reader "
                f"while it writes). Close other connections to it; analysts should open the published "
                f"copy instead. Original error: {exc}"
            ) from exc
        raise


def sql_statements(path: Path) -> list[str]:
    """Statements of a .sql file (split on ';' at line ends; comments dropped)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("--")]
    return [stmt.strip() for stmt in "\n".join(lines).split(";\n") if stmt.strip().rstrip(";").strip()]


def migrate(con) -> list[str]:
    """Apply sql/schema/NNN_*.sql not applied yet, in order; return the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL)"
    )
    applied = {row[0]: row[2] for row in con.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()}
    done = []
    for path in sorted((SQL_DIR / "schema").glob("[0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:3])
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        if version in applied:
            if applied[version] != checksum:
                raise RuntimeError(f"migration {path.name} changed after it was applied; add a new numbered file instead")
            continue
        con.begin()
        try:
            for stmt in sql_statements(path):
                con.execute(stmt)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, path.name, checksum])
            con.commit()
        except Exception:
            con.rollback()
            raise
        done.append(path.name)
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        for stmt in sql_statements(path):
            con.execute(stmt)
    return done


def cluster_stories(con) -> int:
    """Re-cluster the stories the current load can change; return the number of articles reached.

    Expects the temp tables dedup_new (articles to cluster from scratch) and
    dedup_seed_stories (stories that lost rows); see sql/load/cluster_stories.sql.
    Runs inside the caller's transaction.
    """
    import pyarrow as pa

    from pipeline.clean.dedup import JACCARD_THRESHOLD, cluster

    for stmt in sql_statements(SQL_DIR / "load" / "cluster_stories.sql"):
        con.execute(stmt, {"threshold": JACCARD_THRESHOLD} if "$threshold" in stmt else {})
    nodes = con.execute("SELECT article_id, old_story FROM dedup_nodes ORDER BY rank").fetchall()
    edges = con.execute("SELECT a, b FROM dedup_edges ORDER BY a, b").fetchall()
    story_of = cluster([node for node, _ in nodes], edges, {node: old for node, old in nodes if old is not None})
    assignment = pa.table(
        {"article_id": pa.array(list(story_of), pa.string()), "story_id": pa.array(list(story_of.values()), pa.string())}
    )
    con.register("dedup_assignment", assignment)
    try:
        for stmt in sql_statements(SQL_DIR / "load" / "apply_stories.sql"):
            con.execute(stmt)
    finally:
        con.unregister("dedup_assignment")
    return len(nodes)


def recluster_all_stories(db_path: Path) -> int:
    """Cluster every article from scratch, in one transaction.

    For a change of the clustering rules (e.g. the threshold); a nightly load only
    re-clusters what it can change. A new fingerprint algorithm needs the days rerun.
    """
    con = connect(db_path)
    try:
        migrate(con)
        con.begin()
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE dedup_seed_stories (story_id VARCHAR)")
            con.execute("CREATE OR REPLACE TEMP TABLE dedup_new AS SELECT article_id FROM articles")
            reached = cluster_stories(con)
            con.commit()
        except Exception:
            con.rollback()
            raise
    finally:
        con.close()
    return reached


@dataclass
class LoadSummary:
    partition_date: str
    run_id: str
    files_in: int
    documents_in: int
    documents_loaded: int
    documents_rejected: int
    rejected_by_reason: dict[str, int]
    spans_removed: int
    entity_mentions: int
    entities: int
    events: int
    learned_lines: int | None = None


def export_learned_lines(con, shard_results: list[dict], partition_date: str, path: Path, min_articles: int) -> None:
    """Write the repeated lines to the export the next days' shards read (`path`).

    Runs after the commit, so a reader never learns from an uncommitted day; the file is
    replaced atomically. Warns when the shards of this day learned from a different set
    than the committed history gives now: the export was missing or stale (staging
    directory cleaned, database copied, or another day loaded while this one was being
    processed in parallel); rerunning the day applies the current set.
    """
    from pipeline.clean.learned import MIN_DAYS, learn, write_export

    table = con.execute(_sql_text("export_learned_lines.sql"), {"min_days": MIN_DAYS}).fetch_arrow_table()
    write_export(table, path)
    rows = table.select(["source_domain", "line_hash", "partition_date", "article_keys"]).to_pylist()
    expected = learn(rows, partition_date, min_articles)
    for result in shard_results:
        used = result.get("learned") or {}
        if "digest" in used and expected.digest != used["digest"]:
            log.warning(
                "partition %s shard %s was cleaned with %s learned boilerplate lines, the loaded history gives %s: "
                "rerun the day to apply them", partition_date, result["shard_index"], used.get("lines"), len(expected),
            )


def _sql_text(name: str) -> str:
    (statement,) = sql_statements(SQL_DIR / "load" / name)
    return statement


def load_partition(
    db_path: Path,
    partition_date: str,
    run_id: str,
    files_in: int,
    shard_results: list[dict],
    code_version: str,
    started_at: datetime | None = None,
    orchestrator: str = "cli",
    orchestrator_run_id: str | None = None,
    allow_empty_replace: bool = False,
    learned_lines_path: Path | None = None,
    learned_min_articles: int | None = None,
) -> LoadSummary:
    partition = date.fromisoformat(partition_date)
    staged: dict[str, list[str]] = {}
    for result in sorted(shard_results, key=lambda r: r["shard_index"]):
        if result["run_id"] != run_id or result["partition_date"] != partition_date:
            raise ValueError(f"shard {result['shard_index']} belongs to run {result['run_id']}, not {run_id}")
        for table, path in result["files"].items():
            staged.setdefault(table, []).append(path)
    missing = [p for paths in staged.values() for p in paths if not Path(p).exists()]
    if missing:
        # A retry of a load that committed (and removed its staged files) before failing: done already.
        loaded = _loaded_summary(db_path, partition_date, run_id, files_in)
        if loaded is not None:
            return loaded
        raise FileNotFoundError(f"staged files missing (was the staging directory cleaned?): {missing[:3]}")

    def count(key: str) -> int:
        return sum(r["counts"].get(key, 0) for r in shard_results)

    rejected_by_reason: dict[str, int] = {}
    for result in shard_results:
        for reason, n in result["rejected_by_reason"].items():
            rejected_by_reason[reason] = rejected_by_reason.get(reason, 0) + n

    con = connect(db_path)
    try:
        migrate(con)
        params = {"partition_date": partition}
        if files_in == 0 and not allow_empty_replace:
            loaded_rows = con.execute(
                "SELECT (SELECT count(*) FROM articles WHERE partition_date = $partition_date)"
                " + (SELECT count(*) FROM rejected_documents WHERE partition_date = $partition_date)",
                params,
            ).fetchone()[0]
            if loaded_rows:
                raise EmptyReplaceRefused(
                    f"{partition_date} has {loaded_rows} loaded documents but its landing folder is empty or missing: "
                    "refusing to wipe the day (set NEWSETL_ALLOW_EMPTY_REPLACE=1 to replace it with nothing)"
                )
        con.begin()
        try:
            for stmt in sql_statements(SQL_DIR / "load" / "replace_partition.sql"):
                con.execute(stmt, params)
            for table, order in FACT_TABLES.items():
                if table in staged:
                    con.execute(
                        f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($files, union_by_name = true) ORDER BY {order}",
                        {"files": staged[table]},
                    )
            if "source_line_counts" in staged:
                from pipeline.clean.learned import ARTICLE_KEY_SAMPLE

                con.execute(
                    _sql_text("insert_source_line_counts.sql"),
                    {"files": staged["source_line_counts"], "key_sample": ARTICLE_KEY_SAMPLE},
                )
            if "entities" in staged:
                # Upsert: an entity's attributes follow the current reference data, not load history.
                con.execute(
                    "DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM read_parquet($files, union_by_name = true))",
                    {"files": staged["entities"]},
                )
                con.execute(
                    """INSERT INTO entities BY NAME
                       SELECT entity_id, any_value(canonical_name ORDER BY canonical_name) AS canonical_name,
                              any_value(label ORDER BY label) AS label, any_value(country_code ORDER BY country_code) AS country_code,
                              any_value(lat::DOUBLE ORDER BY lat) AS lat, any_value(lon::DOUBLE ORDER BY lon) AS lon
                       FROM read_parquet($files, union_by_name = true)
                       GROUP BY entity_id ORDER BY entity_id""",
                    {"files": staged["entities"]},
                )
            for stmt in sql_statements(SQL_DIR / "load" / "refresh_derived.sql"):
                con.execute(stmt)
            con.execute(
                "CREATE OR REPLACE TEMP TABLE dedup_new AS SELECT article_id FROM articles WHERE partition_date = $partition_date",
                params,
            )
            cluster_stories(con)
            summary = LoadSummary(
                partition_date=partition_date,
                run_id=run_id,
                files_in=files_in,
                documents_in=count("documents_in"),
                documents_loaded=count("articles"),
                documents_rejected=count("rejected_documents"),
                rejected_by_reason=dict(sorted(rejected_by_reason.items())),
                spans_removed=count("removed_spans"),
                entity_mentions=count("entity_mentions"),
                entities=_entities_of_day(con, partition),
                events=count("events"),
                learned_lines=max((r["learned"]["lines"] for r in shard_results if "lines" in r.get("learned", {})), default=None),
            )
            con.execute(
                """INSERT INTO pipeline_runs BY NAME SELECT
                   $run_id AS run_id, $partition_date AS partition_date, $started_at AS started_at,
                   now()::TIMESTAMP AS finished_at, 'loaded' AS status, $orchestrator AS orchestrator,
                   $orchestrator_run_id AS orchestrator_run_id, $code_version AS code_version,
                   $files_in AS files_in, $documents_in AS documents_in, $documents_loaded AS documents_loaded,
                   $documents_rejected AS documents_rejected, $spans_removed AS spans_removed,
                   $entity_mentions AS entity_mentions, $events AS events, $learned_lines AS learned_lines""",
                {
                    **params,
                    "run_id": run_id,
                    "started_at": started_at,
                    "orchestrator": orchestrator,
                    "orchestrator_run_id": orchestrator_run_id,
                    "code_version": code_version,
                    "files_in": files_in,
                    "documents_in": summary.documents_in,
                    "documents_loaded": summary.documents_loaded,
                    "documents_rejected": summary.documents_rejected,
                    "spans_removed": summary.spans_removed,
                    "entity_mentions": summary.entity_mentions,
                    "events": summary.events,
                    "learned_lines": summary.learned_lines,
                },
            )
            # The data checks run before the commit: a day that fails them is rolled back,
            # so analysts never see it (the DAG's checks task re-runs them as a report).
            raise_on_failures(run_checks(con, partition), partition)
            con.commit()
        except Exception:
            con.rollback()
            raise
        if learned_lines_path is not None:  # the learned-boilerplate export (pipeline/clean/learned.py)
            export_learned_lines(con, shard_results, partition_date, learned_lines_path, learned_min_articles)
    finally:
        con.close()
    _remove_staged(staged)
    return summary


class EmptyReplaceRefused(RuntimeError):
    pass


def _entities_of_day(con, day: date) -> int:
    return con.execute("SELECT count(DISTINCT entity_id) FROM entity_mentions WHERE partition_date = $day", {"day": day}).fetchone()[0]


def _loaded_summary(db_path: Path, partition_date: str, run_id: str, files_in: int) -> LoadSummary | None:
    """The summary of this very run if it is the day's committed load, else None."""
    if not db_path.exists():
        return None
    day = date.fromisoformat(partition_date)
    con = connect(db_path, read_only=True)
    try:
        row = con.execute(
            "SELECT documents_in, documents_loaded, documents_rejected, spans_removed, entity_mentions, events, learned_lines"
            " FROM pipeline_runs WHERE run_id = $run_id AND partition_date = $day AND status = 'loaded'",
            {"run_id": run_id, "day": day},
        ).fetchone()
        if row is None:
            return None
        reasons = dict(con.execute(
            "SELECT stage || '/' || reason, count(*) FROM rejected_documents WHERE partition_date = $day GROUP BY ALL ORDER BY 1",
            {"day": day},
        ).fetchall())
        entities = _entities_of_day(con, day)
    finally:
        con.close()
    documents_in, loaded, rejected, spans, mentions, events, learned_lines = row
    return LoadSummary(partition_date, run_id, files_in, documents_in, loaded, rejected, reasons, spans, mentions, entities, events, learned_lines)


def _remove_staged(staged: dict[str, list[str]]) -> None:
    """The loaded shards' Parquet is in the database now; staging must not grow without bound."""
    directories = {Path(p).parent for paths in staged.values() for p in paths}
    for directory in directories:
        for path in directory.glob("*.parquet"):
            path.unlink(missing_ok=True)
        try:
            directory.rmdir()
            directory.parent.rmdir()  # the run's folder, once its last shard is gone
        except OSError:
            pass
