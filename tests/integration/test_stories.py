"""Duplicate stories (issue 4): exact and near copies clustered across the whole history.

The fixture in tests/fixtures/syndication is one wire story (2022-03-02), two lightly
edited copies from other outlets on later days, and an unrelated article about the
same cyclone. The second half drives the loader directly with synthetic staged rows
(no spaCy) to check that the incremental clustering equals clustering from scratch,
whatever the order in which days are loaded, reloaded or changed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.clean import dedup
from pipeline.config import PROJECT_ROOT
from pipeline.load.duckdb_loader import load_partition, recluster_all_stories
from pipeline.process import _write_parquet, article_id, content_hash
from tests.helpers import query, run_day, table_digests

LANDING = PROJECT_ROOT / "tests" / "fixtures" / "syndication"
DAYS = ["2022-03-02", "2022-03-03", "2022-03-04"]
ORIGINAL = "2022-03-02/globalwire-cyclone-floods.html"
COPY_1 = "2022-03-03/africa-daily-mozambique-floods.html"
COPY_2 = "2022-03-04/coastal-times-cyclone.txt"
UNRELATED = "2022-03-03/feed.jsonl#record=1"


def _load(db: Path, staging: Path, day: str, landing: Path = LANDING) -> None:
    assert run_day(landing, day, db, staging) == 0


def _digests(db: Path) -> dict[str, str]:
    return table_digests(db, extra=("stories",))  # the fingerprint tables are data tables already


def _stories(db: Path) -> dict[str, tuple]:
    rows = query(db, "SELECT source_uri, article_id, story_id, duplicate_of FROM articles")
    ids = {uri: aid for uri, aid, _, _ in rows}
    by_id = {aid: uri for uri, aid, _, _ in rows}
    return {uri: (by_id.get(story), by_id.get(dup) if dup else None) for uri, _, story, dup in rows} | {"_ids": ids}


@pytest.fixture(scope="module")
def forward_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stories_forward")
    db = root / "news.duckdb"
    for day in DAYS:
        _load(db, root / "staging", day)
    return db


def test_copies_share_the_original_story(forward_db):
    stories = _stories(forward_db)
    assert stories[ORIGINAL] == (ORIGINAL, None)
    assert stories[COPY_1] == (ORIGINAL, ORIGINAL)
    assert stories[COPY_2] == (ORIGINAL, ORIGINAL)
    assert stories[UNRELATED] == (UNRELATED, None)


def test_stories_view_counts_stories_and_copies(forward_db):
    rows = query(
        forward_db,
        """SELECT first_article_id, copies, sources, first_seen, last_seen, first_partition_date, last_partition_date
           FROM stories ORDER BY copies DESC""",
    )
    original_id = _stories(forward_db)["_ids"][ORIGINAL]
    assert len(rows) == 2  # distinct stories
    assert rows[0] == (original_id, 3, 3, datetime(2022, 3, 2, 9, 30), datetime(2022, 3, 4), date(2022, 3, 2), date(2022, 3, 4))
    assert rows[1][1:3] == (1, 1)
    assert query(forward_db, "SELECT sum(copies) FROM stories")[0][0] == query(forward_db, "SELECT count(*) FROM articles")[0][0]
    assert query(forward_db, "SELECT sum(distinct_stories) FROM daily_coverage")[0][0] == 2


def test_fingerprints_are_staged_for_every_article(forward_db):
    assert query(forward_db, "SELECT count(*), min(len(minhash)), max(len(minhash)) FROM article_fingerprints") == [(4, dedup.NUM_PERM, dedup.NUM_PERM)]
    assert query(forward_db, "SELECT count(*) FROM article_lsh_bands")[0][0] == 4 * dedup.BANDS
    assert query(forward_db, "SELECT count(*) FROM article_fingerprints f ANTI JOIN articles a USING (article_id)")[0][0] == 0


def test_copies_loaded_before_the_original(forward_db, tmp_path):
    db = tmp_path / "news.duckdb"
    for day in reversed(DAYS):
        _load(db, tmp_path / "staging", day)
    stories = _stories(db)
    assert stories[COPY_1] == (ORIGINAL, ORIGINAL)
    assert stories[COPY_2] == (ORIGINAL, ORIGINAL)
    assert stories[ORIGINAL] == (ORIGINAL, None)
    assert stories[UNRELATED] == (UNRELATED, None)
    assert _digests(db) == _digests(forward_db)


def test_rerunning_a_day_changes_nothing(forward_db, tmp_path):
    db = tmp_path / "news.duckdb"
    shutil.copy(forward_db, db)
    before = _digests(db)
    for day in DAYS:
        _load(db, tmp_path / "staging", day)
        assert _digests(db) == before, day


def test_removing_the_original_hands_the_story_to_the_earliest_copy(forward_db, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSETL_ALLOW_EMPTY_REPLACE", "1")  # the original's day becomes empty on purpose
    landing = tmp_path / "landing"
    shutil.copytree(LANDING, landing)
    (landing / ORIGINAL).unlink()
    db = tmp_path / "news.duckdb"
    shutil.copy(forward_db, db)
    _load(db, tmp_path / "staging", "2022-03-02", landing)
    stories = _stories(db)
    assert ORIGINAL not in stories
    assert stories[COPY_1] == (COPY_1, None)
    assert stories[COPY_2] == (COPY_1, COPY_1)
    fresh = tmp_path / "fresh.duckdb"
    for day in DAYS:
        _load(fresh, tmp_path / "staging", day, landing)
    assert _digests(db) == _digests(fresh)


# --- The loader's incremental clustering against clustering from scratch (synthetic rows, no spaCy) ---

VOCABULARY = [f"w{i}" for i in range(3000)]


def _segment(rng: random.Random, n: int = 60) -> list[str]:
    return [rng.choice(VOCABULARY) for _ in range(n)]


def _edited(rng: random.Random, words: list[str], changes: int) -> list[str]:
    copy = list(words)
    for _ in range(changes):
        copy[rng.randrange(len(copy))] = rng.choice(VOCABULARY)
    return copy


def _corpus(seed: int) -> dict[str, list[tuple[str, str, datetime | None]]]:
    """day -> [(name, text, published_at)]: stories with exact, edited and trimmed copies, chains, singletons."""
    rng = random.Random(seed)
    days = [f"2022-04-0{d}" for d in range(1, 7)]
    docs: list[tuple[str, str, str, datetime | None]] = []

    def add(day: str, words: list[str], published: datetime | None) -> None:
        docs.append((day, f"doc{len(docs):03d}.txt", " ".join(words), published))

    def when(day: str) -> datetime | None:
        # Some without a date, some sharing one timestamp (ties are broken by partition_date, article_id).
        roll = rng.random()
        if roll < 0.3:
            return None
        if roll < 0.45:
            return datetime(2022, 4, 1, 12)
        return datetime.fromisoformat(day) + timedelta(hours=rng.randrange(24))

    for _ in range(6):  # a story and its copies, on random days
        base = _segment(rng, 300)
        for _ in range(rng.randrange(1, 5)):
            day = rng.choice(days)
            kind = rng.random()
            words = base if kind < 0.25 else _edited(rng, base[: rng.randrange(240, 301)], rng.randrange(0, 8))
            add(day, words, when(day))
    for _ in range(2):  # chains: A ~ B ~ C but A !~ C (shifted windows over six segments)
        segments = [_segment(rng) for _ in range(6)]
        for start in range(3):
            day = rng.choice(days)
            add(day, [w for s in segments[start:start + 4] for w in s], when(day))
    for _ in range(5):  # unrelated singletons
        day = rng.choice(days)
        add(day, _segment(rng, rng.randrange(40, 300)), when(day))
    by_day: dict[str, list] = {day: [] for day in days}
    for day, name, text, published in docs:
        by_day[day].append((name, text, published))
    return by_day


def _load_synthetic(db: Path, staging: Path, day: str, docs: list[tuple[str, str, datetime | None]]) -> None:
    run_id = hashlib.sha256(json.dumps([day, docs], default=str).encode()).hexdigest()[:12]
    common = {"partition_date": date.fromisoformat(day), "run_id": run_id}
    rows: dict[str, list[dict]] = {"articles": [], "article_fingerprints": [], "article_lsh_bands": []}
    for name, text, published in docs:
        uri = f"{day}/{name}"
        aid = article_id(uri)
        rows["articles"].append({
            "article_id": aid, **common, "source_uri": uri, "input_format": "txt", "url": None, "source_domain": f"{name}.example",
            "source_name": None, "title": name, "authors": ["x"], "published_at": published,
            "published_at_source": "feed" if published else "none", "modified_at": None, "language": "en",
            "text": text, "word_count": len(text.split()), "content_hash": content_hash(text),
        })
        fingerprints, bands = dedup.fingerprint_rows(aid, text, common)
        rows["article_fingerprints"] += fingerprints
        rows["article_lsh_bands"] += bands
    files = {}
    for table, table_rows in rows.items():
        if table_rows:
            path = staging / day / run_id / f"{table}.parquet"
            _write_parquet(table_rows, path)
            files[table] = str(path)
    result = {"partition_date": day, "run_id": run_id, "shard_index": 0, "files": files,
              "counts": {"documents_in": len(docs), "articles": len(docs)}, "rejected_by_reason": {}}
    load_partition(db, day, run_id, len(docs), [result], "test", allow_empty_replace=True)  # emptied days are part of the scenarios


def _expected(corpus: dict[str, list]) -> dict[str, tuple[str, str | None]]:
    """Brute force, independent of the SQL: every pair verified, components, earliest member."""
    items = []
    for day, docs in corpus.items():
        for name, text, published in docs:
            key = (published or datetime.fromisoformat(day), day, article_id(f"{day}/{name}"))
            items.append((key, article_id(f"{day}/{name}"), text))
    items.sort()
    signatures = {aid: dedup.minhash(text)[1] for _, aid, text in items}
    hashes = {aid: content_hash(text) for _, aid, text in items}
    edges = [
        (a, b) for (_, a, _), (_, b, _) in itertools.combinations(items, 2)
        if hashes[a] == hashes[b] or dedup.estimated_jaccard(signatures[a], signatures[b]) >= dedup.JACCARD_THRESHOLD
    ]
    story = dedup.cluster([aid for _, aid, _ in items], edges)
    return {aid: (sid, None if sid == aid else sid) for aid, sid in story.items()}


def _actual(db: Path) -> dict[str, tuple[str, str | None]]:
    return {aid: (sid, dup) for aid, sid, dup in query(db, "SELECT article_id, story_id, duplicate_of FROM articles")}


def _without(docs: list, rng: random.Random) -> list:
    return [d for d in docs if rng.random() < 0.6]


@pytest.mark.parametrize("seed", range(4))
def test_incremental_clustering_equals_clustering_from_scratch(tmp_path, seed):
    corpus = _corpus(seed)
    expected = _expected(corpus)
    assert len(set(s for s, _ in expected.values())) < len(expected)  # the corpus has copies
    rng = random.Random(100 + seed)
    db, staging = tmp_path / "incremental.duckdb", tmp_path / "staging"
    days = list(corpus)
    rng.shuffle(days)
    for day in days:
        _load_synthetic(db, staging, day, corpus[day])
    assert _actual(db) == expected

    # Reload days with some articles removed, in random order, then restore them: the
    # stories split and merge again, and end exactly where a fresh load ends.
    state = dict(corpus)
    for day in rng.sample(list(corpus), 4):
        state[day] = _without(corpus[day], rng)
        _load_synthetic(db, staging, day, state[day])
        assert _actual(db) == _expected(state), day
    for day in rng.sample(list(corpus), len(corpus)):
        state[day] = corpus[day]
        _load_synthetic(db, staging, day, corpus[day])
    assert _actual(db) == expected

    fresh = tmp_path / "fresh.duckdb"
    for day in sorted(corpus):
        _load_synthetic(fresh, staging, day, corpus[day])
    assert _digests(db) == _digests(fresh)
    recluster_all_stories(db)
    assert _actual(db) == expected


def test_chains_split_when_the_middle_link_goes(tmp_path):
    rng = random.Random(7)
    segments = [_segment(rng) for _ in range(6)]
    a, b, c = (" ".join(w for s in segments[i:i + 4] for w in s) for i in range(3))
    db, staging = tmp_path / "news.duckdb", tmp_path / "staging"
    _load_synthetic(db, staging, "2022-04-03", [("c.txt", c, None)])
    _load_synthetic(db, staging, "2022-04-01", [("a.txt", a, None)])
    ids = {n: article_id(f"{d}/{n}") for n, d in (("a.txt", "2022-04-01"), ("b.txt", "2022-04-02"), ("c.txt", "2022-04-03"))}
    assert _actual(db) == {ids["a.txt"]: (ids["a.txt"], None), ids["c.txt"]: (ids["c.txt"], None)}
    _load_synthetic(db, staging, "2022-04-02", [("b.txt", b, None)])
    assert {s for s, _ in _actual(db).values()} == {ids["a.txt"]}
    _load_synthetic(db, staging, "2022-04-02", [])
    assert _actual(db) == {ids["a.txt"]: (ids["a.txt"], None), ids["c.txt"]: (ids["c.txt"], None)}
