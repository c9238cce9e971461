"""The landing zone: <landing>/YYYY-MM-DD/... files, one partition per UTC day.

Accepted inputs: .html/.htm, .txt, .jsonl/.json (one article per record), each
optionally gzip-compressed (.gz). Anything else is rejected with a reason, never
skipped silently.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pipeline.records import RawDocument, Rejection

FORMATS = {".html": "html", ".htm": "html", ".txt": "txt", ".jsonl": "json", ".json": "json"}
JSON_FIELDS = ("url", "title", "html", "text", "published_at", "source")


def input_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1]) if suffixes else None


def partition_dir(landing: Path, partition_date: date) -> Path:
    return landing / partition_date.isoformat()


def list_partition_files(landing: Path, partition_date: date) -> list[Path]:
    """Every regular file of the partition, sorted. Hidden files are listed too:
    read_file rejects them with a reason rather than skipping them unseen."""
    root = partition_dir(landing, partition_date)
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def is_hidden(source_uri: str) -> bool:
    return any(part.startswith(".") for part in source_uri.split("/"))


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    return data


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); cp1252 as the fallback older news sites use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_file(path: Path, source_uri: str) -> Iterator[RawDocument | Rejection]:
    """Yield the documents in one landing file, or a Rejection for each unreadable one."""
    fmt = input_format(path)
    if is_hidden(source_uri):
        yield Rejection(source_uri, "read", "hidden_file", "hidden files and folders (.name) are not articles")
        return
    if fmt is None:
        yield Rejection(source_uri, "read", "unsupported_format", f"file suffix {''.join(path.suffixes) or '(none)'}")
        return
    try:
        data = _read_bytes(path)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Rejection(source_uri, "read", "unreadable_file", f"{type(exc).__name__}: {exc}")
        return
    if fmt == "json":
        found = False
        for item in _read_json_records(_decode(data), source_uri, whole_file=path.name.lower().removesuffix(".gz").endswith(".json")):
            found = True
            yield item
        if not found:
            yield Rejection(source_uri, "read", "no_records", "the file holds no JSON records")
    elif fmt == "html":
        yield RawDocument(source_uri=source_uri, input_format="html", html=_decode(data))
    else:
        yield RawDocument(source_uri=source_uri, input_format="txt", text=_decode(data))


def _read_json_records(content: str, source_uri: str, whole_file: bool) -> Iterator[RawDocument | Rejection]:
    stripped = content.strip()
    document = None
    if whole_file or stripped.startswith("["):
        # A .json file: one array of records, or one (possibly pretty-printed) record.
        try:
            document = json.loads(stripped) if stripped else []
        except (json.JSONDecodeError, RecursionError) as exc:
            lines = [line.strip() for line in content.split("\n") if line.strip()]
            if stripped.startswith("[") or not all(line.startswith("{") for line in lines):
                # One broken document (a pretty-printed object, an array): one rejection, not one per line.
                yield Rejection(source_uri, "read", "invalid_json", str(exc))
                return
            # Not one JSON value, but one object per line: JSON Lines in a .json file.
    if isinstance(document, list):
        numbered = [(i + 1, r) for i, r in enumerate(document)]
    elif document is not None:
        numbered = [(1, document)]
    else:
        numbered = []
        # Split on newlines only: JSON strings may hold U+2028/U+2029 raw, which str.splitlines() breaks on.
        for line_no, line in enumerate(content.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((line_no, json.loads(line)))
            except (json.JSONDecodeError, RecursionError) as exc:
                yield Rejection(f"{source_uri}#record={line_no}", "read", "invalid_json", str(exc))
    for record_no, record in numbered:
        uri = f"{source_uri}#record={record_no}"
        if not isinstance(record, dict):
            yield Rejection(uri, "read", "invalid_record", f"expected a JSON object, got {type(record).__name__}")
            continue
        values = {k: record.get(k) for k in JSON_FIELDS}
        values = {k: (v if isinstance(v, str) and v.strip() else None) for k, v in values.items()}
        if values["html"] is None and values["text"] is None:
            yield Rejection(uri, "read", "no_body", "record has neither 'html' nor 'text'")
            continue
        yield RawDocument(
            source_uri=uri,
            input_format="json",
            url=values["url"],
            title=values["title"],
            html=values["html"],
            text=values["text"],
            published_at=values["published_at"],
            source_name=values["source"],
        )
