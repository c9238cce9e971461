"""Boilerplate learned per source domain from the corpus itself.

Site furniture that no seed pattern knows ("Example Daily is an independent
newsroom funded by readers like you.") repeats, word for word, at the end of
many articles of one site. This module learns such paragraphs from the corpus
and cuts them with the rule `learned_boilerplate`.

How it fits the pipeline (process_shard never opens DuckDB):

- Observe. For every document of a day that reaches the line filter and has a
  source domain, process_shard records the distinct short paragraphs (<= 40
  words, the line filter's guard) left after the seed patterns, keyed by a
  sha256 hash of their normalised text. They are counted BEFORE the learned cut,
  so the counts of a day do not depend on what was learned: a learned line
  never un-learns itself, and a day's counts are a function of its own input.
  The loader stores them per day in `source_line_counts` (replaced with the day).
- Export. After each committed load the loader writes the rows of lines seen on
  at least MIN_DAYS days to a Parquet file under the staging directory
  (Settings.learned_lines_path; temp file + rename).
- Learn. process_shard for day X reads that file and learns from every day
  EXCEPT X: a (domain, line) is boilerplate when it occurs on >= MIN_DAYS other
  days in >= min_articles distinct articles (distinct by URL, so an article
  crawled again every day does not teach its own paragraphs). One day, or one
  article, can never teach a line; and a rerun of X sees the same learned set
  as the first run did as long as the other days are unchanged.
- Cut. A paragraph whose (domain, hash) is learned is cut anywhere in the
  article, each of its lines a removed_spans row with rule `learned_boilerplate`.
  The edge-scope seed patterns (bylines, credits, ...) then walk in again over
  the cut lines, as "edge" means before the first / after the last kept line.

Distinct articles are counted exactly with a bounded list per row: each day row
keeps the ARTICLE_KEY_SAMPLE smallest article keys, and the union of these lists
over days has >= n elements iff the days together have >= n distinct articles,
for any n <= ARTICLE_KEY_SAMPLE.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.clean.boilerplate import MAX_BOILERPLATE_WORDS, Pattern, cut_edges, kept_line_positions
from pipeline.clean.extract import source_domain
from pipeline.parquet_io import write_parquet
from pipeline.records import RemovedSpan

RULE = "learned_boilerplate"
MIN_DAYS = 2  # distinct days (other than the one being processed) a line must occur on
ARTICLE_KEY_SAMPLE = 32  # article keys kept per (domain, line, day) row; bounds min_articles

_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                       "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-"})
_EDGE_PUNCTUATION = " .,:;!?…-|·•*\"'()[]"


def normalize_paragraph(text: str) -> str:
    """The form two occurrences of one line share: NFKC, case-folded, quotes/dashes unified, whitespace folded,
    surrounding punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


def _hash64(value: str) -> int:
    """First 8 bytes of sha256 as a signed 64-bit integer (DuckDB BIGINT); never the process-salted hash()."""
    return int.from_bytes(hashlib.sha256(value.encode("utf-8")).digest()[:8], "big", signed=True)


def paragraph_key(text: str) -> int | None:
    """Hash of a paragraph's normalised text; None when it cannot be learned (too long, or no letter or digit)."""
    if len(text.split()) > MAX_BOILERPLATE_WORDS:
        return None
    normalized = normalize_paragraph(text)
    if not any(c.isalnum() for c in normalized):
        return None
    return _hash64(normalized)


def article_key(url: str) -> int:
    """Identity of an article for counting distinct articles: its URL without scheme, www., fragment or trailing slash."""
    parts = urlsplit(url.strip())
    host = source_domain(url.strip()) or ""
    path = parts.path.rstrip("/")
    return _hash64(f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}")


def _day(value) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


@dataclass(frozen=True)
class LearnedBoilerplate:
    """The learned (source_domain, line_hash) pairs for one partition."""

    lines: frozenset[tuple[str, int]] = frozenset()
    domains: frozenset[str] = field(init=False)
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", frozenset(domain for domain, _ in self.lines))
        object.__setattr__(self, "digest", learned_digest(self.lines))

    def __len__(self) -> int:
        return len(self.lines)

    def matches(self, domain: str | None, key: int | None) -> bool:
        return domain is not None and key is not None and (domain, key) in self.lines


def learned_digest(lines: Iterable[tuple[str, int]]) -> str:
    body = "\n".join(f"{domain}\t{key}" for domain, key in sorted(lines))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _check_min_articles(min_articles: int) -> None:
    if not 2 <= min_articles <= ARTICLE_KEY_SAMPLE:
        raise ValueError(f"learned boilerplate: min_articles must be between 2 and {ARTICLE_KEY_SAMPLE}, got {min_articles}")


def learn(rows: Iterable[Mapping], exclude_day: date | str | None, min_articles: int) -> LearnedBoilerplate:
    """The learning rule, over `source_line_counts` rows (one per domain, line and day).

    A line is boilerplate for its domain when, leaving out `exclude_day` (the day being
    processed), it occurs on at least MIN_DAYS distinct days in at least `min_articles`
    distinct articles (the union of the rows' `article_keys`).
    """
    _check_min_articles(min_articles)
    excluded = _day(exclude_day) if exclude_day is not None else None
    days: dict[tuple[str, int], set[str]] = {}
    articles: dict[tuple[str, int], set[int]] = {}
    for row in rows:
        day = _day(row["partition_date"])
        if day == excluded:
            continue
        key = (row["source_domain"], int(row["line_hash"]))
        days.setdefault(key, set()).add(day)
        articles.setdefault(key, set()).update(int(k) for k in row["article_keys"])
    return LearnedBoilerplate(frozenset(
        key for key, seen in days.items() if len(seen) >= MIN_DAYS and len(articles[key]) >= min_articles
    ))


def read_learned(path: Path, exclude_day: date | str, min_articles: int) -> LearnedBoilerplate:
    """Learn from the loader's export; no export yet (nothing loaded) learns nothing."""
    _check_min_articles(min_articles)
    if not path.exists():
        return LearnedBoilerplate()
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["source_domain", "line_hash", "partition_date", "article_keys"])
    return learn(table.to_pylist(), exclude_day, min_articles)


def write_export(table, path: Path) -> None:
    """Write the loader's export atomically (process_shard may be reading the old one)."""
    write_parquet(table, path)


@dataclass
class LineObservation:
    """The short paragraphs one document of a domain contains: line_hash -> text."""

    source_domain: str
    article_key: int
    paragraphs: dict[int, str]


class LineCounter:
    """Accumulates a shard's observations into `source_line_counts` rows (one per domain and line)."""

    def __init__(self) -> None:
        self._lines: dict[tuple[str, int], list] = {}  # -> [text, documents, article keys]

    def add(self, observation: LineObservation | None) -> None:
        if observation is None:
            return
        for key, text in observation.paragraphs.items():
            entry = self._lines.setdefault((observation.source_domain, key), [text, 0, set()])
            entry[0] = min(entry[0], text)  # deterministic whatever the document order
            entry[1] += 1
            entry[2].add(observation.article_key)

    def rows(self, common: dict) -> list[dict]:
        return [
            {"source_domain": domain, "line_hash": key, "line_text": text, **common, "articles": documents,
             "article_keys": sorted(keys)[:ARTICLE_KEY_SAMPLE]}
            for (domain, key), (text, documents, keys) in sorted(self._lines.items())
        ]


def apply_learned(
    kept: list[list[str]],
    removed: list[RemovedSpan],
    url: str | None,
    domain: str | None,
    learned: LearnedBoilerplate | None,
    patterns: tuple[Pattern, ...],
    title: str | None = None,
) -> tuple[list[list[str]], list[RemovedSpan], LineObservation | None]:
    """Observe the paragraphs the seed filter kept, then cut the learned ones.

    `kept` / `removed` are the line filter's output (blocks of kept lines; cut lines with
    their positions). A paragraph is a block's kept lines joined by a space, exactly as
    it appears in articles.text. Without a learned paragraph the input is returned as is.
    """
    if not domain or not url:
        return kept, removed, None
    keys = [paragraph_key(" ".join(block)) for block in kept]
    observation = LineObservation(domain, article_key(url), {})
    for block, key in zip(kept, keys):
        if key is not None:
            text = " ".join(block)
            observation.paragraphs[key] = min(text, observation.paragraphs.get(key, text))
    if learned is None or domain not in learned.domains or not any(learned.matches(domain, k) for k in keys):
        return kept, removed, observation

    positions = iter(kept_line_positions(kept, removed))
    lines: list[tuple[int, int, str]] = [(b, next(positions), line) for b, block in enumerate(kept) for line in block]
    rules: list[str | None] = [RULE if learned.matches(domain, keys[b]) else None for b, _, _ in lines]
    # The learned cut may expose new edges: walk the edge-scope seed patterns in again.
    cut_edges([line for _, _, line in lines], rules, patterns, title)

    new_blocks: list[list[str]] = []
    new_removed = list(removed)
    current_block = None
    for (b, position, line), rule in zip(lines, rules):
        if rule is not None:
            new_removed.append(RemovedSpan(position=position, text=line, rule=rule))
            continue
        if b != current_block:
            new_blocks.append([])
            current_block = b
        new_blocks[-1].append(line)
    return new_blocks, sorted(new_removed, key=lambda s: s.position), observation
