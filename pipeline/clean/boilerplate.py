"""Line-level boilerplate filter driven by seeds/boilerplate_patterns.csv.

A pattern matches a whole line (case-insensitive). Lines longer than
MAX_BOILERPLATE_WORDS are never cut here: a long line is a paragraph of the
article even when it mentions "click here" or "cookies".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.records import RemovedSpan

MAX_BOILERPLATE_WORDS = 40


@dataclass(frozen=True)
class Pattern:
    rule: str
    regex: re.Pattern


@lru_cache(maxsize=4)
def load_patterns(path: Path) -> tuple[Pattern, ...]:
    patterns = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            try:
                regex = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{path}:{row_no}: bad regex for rule {row['rule']!r}: {exc}") from None
            patterns.append(Pattern(row["rule"], regex))
    if not patterns:
        raise ValueError(f"{path}: no boilerplate patterns")
    return tuple(patterns)


def match_rule(line: str, patterns: tuple[Pattern, ...]) -> str | None:
    if len(line.split()) > MAX_BOILERPLATE_WORDS:
        return None
    for pattern in patterns:
        if pattern.regex.fullmatch(line):
            return pattern.rule
    return None


def filter_blocks(
    blocks: list[list[str]], patterns: tuple[Pattern, ...]
) -> tuple[list[list[str]], list[RemovedSpan]]:
    """Drop boilerplate lines; return the kept blocks and every cut line with its rule."""
    kept_blocks: list[list[str]] = []
    removed: list[RemovedSpan] = []
    position = 0
    for block in blocks:
        kept = []
        for line in block:
            rule = match_rule(line, patterns)
            if rule is None:
                kept.append(line)
            else:
                removed.append(RemovedSpan(position=position, text=line, rule=rule))
            position += 1
        if kept:
            kept_blocks.append(kept)
    return kept_blocks, removed
