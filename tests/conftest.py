from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_LANDING, run_day

SAMPLE_FIRST, SAMPLE_LAST = "2021-12-29", "2022-01-05"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The whole sample corpus loaded once by `newsetl run` into a fresh DuckDB file."""
    root = tmp_path_factory.mktemp("sample")
    db = root / "news.duckdb"
    code = run_day(SAMPLE_LANDING, SAMPLE_FIRST, db, root / "staging", to=SAMPLE_LAST)
    assert code == 0
    return db


@pytest.fixture(autouse=True, scope="session")
def _isolated_defaults(tmp_path_factory):
    """No test writes the developer's data/ by accident."""
    root = tmp_path_factory.mktemp("defaults")
    os.environ.setdefault("NEWSETL_DB", str(root / "news.duckdb"))
    os.environ.setdefault("NEWSETL_STAGING", str(root / "staging"))
    yield
