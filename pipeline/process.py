"""process_shard: landing files -> clean documents -> entities and events -> staging Parquet.

Pure with respect to the database: it reads landing files, reference data and the
loader's export of repeated lines (learned boilerplate, pipeline/clean/learned.py) and
writes Parquet files under the staging directory; only the loader writes DuckDB.
Each step returns a keep/drop decision; every drop becomes a rejected_documents
row with its stage and reason, every cut line a removed_spans row with its rule.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.clean.boilerplate import filter_blocks, kept_line_positions, load_patterns
from pipeline.clean.dedup import fingerprint_rows
from pipeline.clean.extract import extract, source_domain
from pipeline.clean.learned import LearnedBoilerplate, LineCounter, LineObservation, apply_learned, read_learned
from pipeline.clean.normalize import join_blocks, normalize_line, split_blocks, word_count
from pipeline.config import Settings
from pipeline.discover import Shard
from pipeline.parquet_io import write_parquet
from pipeline.records import CleanDocument, RawDocument, Rejection, RemovedSpan
from pipeline.sources.files import read_file

TABLES = ("articles", "removed_spans", "rejected_documents", "entities", "entity_mentions", "events",
          "article_fingerprints", "article_lsh_bands", "source_line_counts")


@dataclass
class ShardResult:
    partition_date: str
    run_id: str
    shard_index: int
    files: dict[str, str]  # table -> Parquet path (tables with no rows are absent)
    counts: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    # The learned boilerplate applied: number of lines and digest (the loader checks it against the history).
    learned: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def article_id(source_uri: str) -> str:
    return hashlib.sha256(source_uri.encode()).hexdigest()[:16]


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def detect_language(text: str) -> str | None:
    import py3langid

    lang, _score = py3langid.classify(text[:5000])
    return lang


def clean_document(raw: RawDocument, settings: Settings, learned: LearnedBoilerplate | None = None) -> CleanDocument | Rejection:
    """Extract, normalise, filter boilerplate and check length: a clean document or a rejection.

    `learned`: boilerplate learned per source domain (pipeline/clean/learned.py) to cut as
    well; None cuts with the seed patterns only.
    """
    return clean_and_observe(raw, settings, learned)[0]


def clean_and_observe(
    raw: RawDocument, settings: Settings, learned: LearnedBoilerplate | None = None
) -> tuple[CleanDocument | Rejection, LineObservation | None]:
    """clean_document, plus the document's short paragraphs for learning boilerplate (None: nothing to observe).

    Paragraphs are observed before the learned cut and whether or not the document is then
    rejected as too short, so what a day teaches does not depend on what was learned.
    """
    extracted = extract(raw)
    if not extracted.text or not extracted.text.strip():
        reason = "no_main_text" if raw.html is not None else "empty_document"
        return Rejection(raw.source_uri, "extract", reason, "extractor found no article body"), None
    blocks = split_blocks(extracted.text, line_per_paragraph=raw.html is not None)
    title = normalize_line(extracted.title) if extracted.title else None
    patterns = load_patterns(settings.reference_dir / "boilerplate_patterns.csv")
    kept, removed = filter_blocks(blocks, patterns, title)
    if title and kept and kept[0] == [title]:
        # Extractors often repeat the headline as the first line; it is kept in `title`.
        position = kept_line_positions(kept, removed)[0]
        kept = kept[1:]
        removed = sorted([*removed, RemovedSpan(position, title, "repeated_title")], key=lambda s: s.position)
    url = extracted.url or raw.url
    domain = source_domain(url)
    kept, removed, observation = apply_learned(kept, removed, url, domain, learned, patterns, title)
    text = join_blocks(kept)
    words = word_count(text)
    if words == 0:
        return Rejection(raw.source_uri, "quality", "empty_after_cleaning", f"{len(removed)} boilerplate lines removed, nothing left"), observation
    if words < settings.min_words:
        return Rejection(raw.source_uri, "quality", "too_short", f"{words} words < min_words={settings.min_words}"), observation
    return CleanDocument(
        article_id=article_id(raw.source_uri),
        source_uri=raw.source_uri,
        input_format=raw.input_format,
        url=url,
        source_domain=domain,
        source_name=extracted.site_name,
        title=title,
        authors=extracted.authors,
        published_at=extracted.published_at,
        published_at_source=extracted.published_at_source,
        modified_at=extracted.modified_at,
        language=detect_language(text),
        text=text,
        word_count=words,
        content_hash=content_hash(text),
        removed_spans=removed,
    ), observation


def reference_date(doc: CleanDocument, partition_date: date) -> date:
    """What relative dates in the text are resolved against."""
    if doc.published_at:
        return date.fromisoformat(doc.published_at[:10])
    return partition_date


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _read_safely(path: Path, source_uri: str):
    """read_file, with an unexpected reader failure turned into one rejection for the
    rest of the file: one bad file must not fail the day on every retry."""
    try:
        yield from read_file(path, source_uri)
    except Exception as exc:  # noqa: BLE001
        yield Rejection(source_uri, "read", "reader_error", f"{type(exc).__name__}: {exc}"[:500])


def _write_parquet(rows: list[dict], path: Path) -> None:
    import pyarrow as pa

    write_parquet(pa.Table.from_pylist(rows), path)


def process_shard(shard: Shard, settings: Settings, progress: Callable[[int], None] | None = None) -> ShardResult:
    from pipeline.nlp.annotate import Annotation, Annotator

    partition = date.fromisoformat(shard.partition_date)
    common = {"partition_date": partition, "run_id": shard.run_id}
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    documents: list[CleanDocument] = []
    documents_in = 0
    # Boilerplate learned from every other day already loaded (the loader's export; never this day).
    learned = read_learned(settings.learned_lines_path, partition, settings.learned_min_articles)
    line_counts = LineCounter()

    for rel in shard.files:
        for item in _read_safely(settings.landing_dir / rel, rel):
            documents_in += 1
            outcome = item
            if isinstance(item, RawDocument):
                try:
                    outcome, observation = clean_and_observe(item, settings, learned)
                except Exception as exc:  # noqa: BLE001 - one malformed page must not sink the day
                    outcome, observation = Rejection(item.source_uri, "extract", "extractor_error", f"{type(exc).__name__}: {exc}"[:500]), None
                line_counts.add(observation)
            if isinstance(outcome, Rejection):
                rows["rejected_documents"].append({**outcome.row(), **common})
                if progress:
                    progress(1)
            else:
                documents.append(outcome)

    entities: dict = {}
    by_id = {}
    not_annotated = Annotation([], {}, [], None, None)  # a language outside nlp_languages
    nlp_docs = [d for d in documents if d.language in settings.nlp_languages]
    if nlp_docs:
        annotations = Annotator(settings).annotate((d.article_id, d.text, reference_date(d, partition), d.article_id) for d in nlp_docs)
        for article, annotation in annotations:
            entities.update(annotation.entities)
            by_id[article] = annotation
            if progress:
                progress(1)
    for clean in documents:
        if clean.article_id not in by_id and progress:
            progress(1)  # loaded without NLP (language not in nlp_languages)
        annotation = by_id.get(clean.article_id, not_annotated)
        record = asdict(clean)
        spans = record.pop("removed_spans")
        record.update(common)
        record["published_at"] = _timestamp(clean.published_at)
        record["modified_at"] = _timestamp(clean.modified_at)
        record["themes"], record["tone"] = annotation.themes, annotation.tone
        rows["articles"].append(record)
        rows["removed_spans"] += [{**span, "article_id": clean.article_id, **common} for span in spans]
        rows["entity_mentions"] += [
            {
                "article_id": clean.article_id, **common, "entity_id": m.entity_id, "text": m.text, "label": m.label,
                "sentence_index": m.sentence_index, "start_char": m.start_char, "end_char": m.end_char,
            }
            for m in annotation.mentions
        ]
        rows["events"] += [{**asdict(e), **common} for e in annotation.events]
        fingerprints, bands = fingerprint_rows(clean.article_id, clean.text, common)  # near-duplicate stories
        rows["article_fingerprints"] += fingerprints
        rows["article_lsh_bands"] += bands
    rows["source_line_counts"] = line_counts.rows(common)
    rows["entities"] = [
        {"entity_id": e.entity_id, "canonical_name": e.canonical_name, "label": e.label, "country_code": e.country_code, "lat": e.lat, "lon": e.lon}
        for e in sorted(entities.values(), key=lambda e: e.entity_id)
    ]

    out_dir = settings.staging_dir / shard.partition_date / shard.run_id / f"shard-{shard.shard_index:05d}"
    files = {}
    for table, table_rows in rows.items():
        if table_rows:
            path = out_dir / f"{table}.parquet"
            _write_parquet(table_rows, path)
            files[table] = str(path)
    rejected_by_reason = Counter(f"{r['stage']}/{r['reason']}" for r in rows["rejected_documents"])
    counts = {"documents_in": documents_in, **{table: len(table_rows) for table, table_rows in rows.items()}}
    return ShardResult(shard.partition_date, shard.run_id, shard.shard_index, files, counts,
                       dict(sorted(rejected_by_reason.items())), {"lines": len(learned), "digest": learned.digest})
