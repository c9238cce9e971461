"""Discover one partition's inputs and split them into shards.

The shard list is deterministic (files sorted by path) and so is the run id: a
hash of the partition date, every input file's bytes, the code, the reference
data and the data-relevant settings. The same inputs therefore load the same
rows with the same run_id, whether the CLI or Airflow runs them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from pipeline import __version__
from pipeline.config import PROJECT_ROOT, Settings
from pipeline.sources.files import file_fingerprint, list_partition_files


@dataclass
class Shard:
    partition_date: str
    run_id: str
    shard_index: int
    files: list[str]  # landing-relative paths

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Shard":
        return cls(**data)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version plus a hash of the code and SQL that shape the output."""
    digest = hashlib.sha256()
    roots = [PROJECT_ROOT / "pipeline", PROJECT_ROOT / "sql"]
    for path in sorted(p for root in roots for p in root.rglob("*") if p.suffix in (".py", ".sql")):
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def inputs_version(settings: Settings) -> str:
    """What besides code and landing files decides the rows: the reference data in
    use and the spaCy model's package version (read without importing spaCy)."""
    from importlib import metadata

    digest = hashlib.sha256()
    for path in sorted([*settings.reference_dir.glob("*.csv"), *settings.reference_dir.glob("*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    try:
        model = metadata.version(settings.spacy_model)
    except metadata.PackageNotFoundError:
        model = "unknown"
    return f"reference={digest.hexdigest()[:12]};model={settings.spacy_model}=={model}"


@dataclass
class Plan:
    partition_date: str
    run_id: str
    files_in: int
    shards: list[Shard]


def discover(settings: Settings, partition_date: date) -> Plan:
    if not settings.landing_dir.is_dir():
        # An unmounted landing zone must not look like an empty day (which would replace a loaded one).
        raise FileNotFoundError(f"landing directory {settings.landing_dir} does not exist (NEWSETL_LANDING)")
    files = list_partition_files(settings.landing_dir, partition_date)
    relative = [p.relative_to(settings.landing_dir).as_posix() for p in files]
    from pipeline.clean.learned import read_learned

    # The boilerplate learned from the other days shapes the rows too: same learned set, same run id.
    learned = read_learned(settings.learned_lines_path, partition_date, settings.learned_min_articles)
    digest = hashlib.sha256(
        f"{partition_date.isoformat()}|{code_version()}|{inputs_version(settings)}|{settings.fingerprint()}|learned={learned.digest}".encode()
    )
    for rel, path in zip(relative, files):
        digest.update(f"|{rel}:{file_fingerprint(path)}".encode())
    run_id = f"{partition_date.strftime('%Y%m%d')}-{digest.hexdigest()[:12]}"
    size = max(1, settings.shard_size)
    shards = [
        Shard(partition_date.isoformat(), run_id, index, relative[start:start + size])
        for index, start in enumerate(range(0, len(relative), size))
    ]
    return Plan(partition_date.isoformat(), run_id, len(relative), shards)
