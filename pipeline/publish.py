"""Publish: the analysts' copy of the database, replaced atomically after each load.

DuckDB allows one writing process and no reader while it writes, so analysts do
not open the loader's file: they open the published copy. A new copy is written
next to it and renamed over it; an analyst who has the old copy open keeps reading
it (POSIX rename), the next one who opens the file sees the new day. Only ever
called when no load runs (the DAG's one-slot pool, the CLI's sequence).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def publish(db_path: Path, published_path: Path) -> Path:
    from pipeline.load.duckdb_loader import connect

    if not db_path.exists():
        raise FileNotFoundError(f"{db_path} does not exist: load a day first")
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        # A write-ahead log left by an interrupted writer: fold it into the file first.
        con = connect(db_path)
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
    published_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db_path, tmp)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        # A journal left by someone who opened the copy read-write would be replayed onto
        # the new copy by the next reader: it belongs to the old file, drop it.
        published_path.with_name(published_path.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp, published_path)
    finally:
        tmp.unlink(missing_ok=True)
    return published_path
