"""Row types shared by the stages. Field names are the DuckDB column names."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RawDocument:
    """One input document as read from the landing zone, before any cleaning."""

    source_uri: str  # landing-relative file path, plus "#record=N" inside a JSONL file
    input_format: str  # html / txt / json
    url: str | None = None
    title: str | None = None
    html: str | None = None
    text: str | None = None
    published_at: str | None = None  # as given by the feed; parsed by the extract stage
    source_name: str | None = None


@dataclass
class Rejection:
    source_uri: str
    stage: str
    reason: str
    detail: str = ""

    def row(self) -> dict:
        return asdict(self)


@dataclass
class RemovedSpan:
    position: int  # 0-based line number in the extracted text before the line filter
    text: str
    rule: str


@dataclass
class CleanDocument:
    """A document that survived cleaning: what becomes one row of `articles`."""

    article_id: str
    source_uri: str
    input_format: str
    url: str | None
    source_domain: str | None
    source_name: str | None
    title: str | None
    authors: list[str]
    published_at: str | None  # ISO 8601, UTC, or None
    published_at_source: str  # meta / json-ld / url / text / feed / none
    language: str | None
    text: str
    word_count: int
    content_hash: str
    modified_at: str | None = None
    removed_spans: list[RemovedSpan] = field(default_factory=list)
