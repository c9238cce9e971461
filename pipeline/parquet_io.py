"""Parquet files written atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path


def write_parquet(table, path: Path) -> None:
    """Write a pyarrow table to `path` through a temp file of this process, then rename it into place."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two writers never share a temp file
    pq.write_table(table, tmp)
    tmp.replace(path)
