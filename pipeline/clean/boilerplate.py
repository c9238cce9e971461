"""Line-level boilerplate filter driven by seeds/boilerplate_patterns.csv.

A pattern matches a whole line (case-insensitive). Its `scope` says where:

- `line`: anywhere in the article (comment forms, share bars, newsletter and
  cookie prompts, related-story headings, photo credits);
- `edge`: only in the article's leading or trailing run of boilerplate, i.e.
  before the first or after the last line that is kept. These are lines that
  are page furniture at the edges but could be prose in the middle: bylines,
  dateline/timestamp lines, credit lines ("Reporting by ...; Editing by ..."),
  author contact lines, bare e-mail addresses and links.

Lines longer than MAX_BOILERPLATE_WORDS are never cut here: a long line is a
paragraph of the article even when it mentions "click here" or "cookies".
Every cut line is returned as a RemovedSpan with its rule.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.records import RemovedSpan

MAX_BOILERPLATE_WORDS = 40
SCOPES = ("line", "edge")


@dataclass(frozen=True)
class Pattern:
    rule: str
    regex: re.Pattern
    scope: str = "line"


@lru_cache(maxsize=4)
def load_patterns(path: Path) -> tuple[Pattern, ...]:
    patterns = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row_no, row in enumerate(csv.DictReader(fh), start=2):
            try:
                regex = re.compile(row["pattern"], re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{path}:{row_no}: bad regex for rule {row['rule']!r}: {exc}") from None
            scope = (row.get("scope") or "line").strip()
            if scope not in SCOPES:
                raise ValueError(f"{path}:{row_no}: scope must be one of {', '.join(SCOPES)}, got {scope!r}")
            patterns.append(Pattern(row["rule"], regex, scope))
    if not patterns:
        raise ValueError(f"{path}: no boilerplate patterns")
    return tuple(patterns)


def match_rule(line: str, patterns: tuple[Pattern, ...], edge: bool = False) -> str | None:
    """The rule of the first pattern matching the whole line; `edge` patterns only when `edge` is true."""
    if len(line.split()) > MAX_BOILERPLATE_WORDS:
        return None
    for pattern in patterns:
        if (pattern.scope == "line" or edge) and pattern.regex.fullmatch(line):
            return pattern.rule
    return None


def cut_edges(lines: list[str], rules: list[str | None], patterns: tuple[Pattern, ...], title: str | None = None) -> None:
    """Edge patterns: walk in from both ends, over lines that are cut anyway, up to the
    first kept line, setting `rules` for the edge lines they match."""
    first_kept = _walk_edge(lines, rules, range(len(lines)), patterns, title)
    if first_kept is not None:
        _walk_edge(lines, rules, range(len(lines) - 1, first_kept, -1), patterns)


def _walk_edge(
    lines: list[str], rules: list[str | None], order: range, patterns: tuple[Pattern, ...], title: str | None = None
) -> int | None:
    """Cut edge-scope lines in `order` until a line that is kept; return its index (None: all cut).

    A line equal to `title` is walked over but left alone: the caller cuts a repeated headline itself.
    """
    for i in order:
        if title is not None and lines[i] == title:
            continue
        if rules[i] is None:
            rules[i] = match_rule(lines[i], patterns, edge=True)
            if rules[i] is None:
                return i
    return None


# A last sentence asking readers to comment; the line filter cuts such lines whole,
# this takes the sentence off the end of a paragraph that is otherwise article text.
_TRAILING_COMMENT_PROMPT = re.compile(
    r"(?<=[.!?\"”’)])\s+((?:(?:please\s+)?(?:leave|post|drop|add)\s+(?:us\s+)?a\s+comment|let\s+us\s+know\s+in\s+the\s+comments"
    r"|tell\s+us\s+in\s+the\s+comments|share\s+your\s+thoughts\s+in\s+the\s+comments)\b[^.!?]{0,200}[.!?]?)\s*$",
    re.IGNORECASE,
)


# Cuts that take the end off a line the filter keeps (the rest of the line stays).
PARTIAL_RULES = frozenset({"comment_prompt"})


def kept_line_positions(kept: list[list[str]], removed: list[RemovedSpan]) -> list[int]:
    """The line number of every kept line, in order: the numbers no whole-line cut took."""
    whole = {span.position for span in removed if span.rule not in PARTIAL_RULES}
    n_kept = sum(len(block) for block in kept)
    positions, line = [], 0
    while len(positions) < n_kept:
        if line not in whole:
            positions.append(line)
        line += 1
    return positions


def filter_blocks(
    blocks: list[list[str]], patterns: tuple[Pattern, ...], title: str | None = None
) -> tuple[list[list[str]], list[RemovedSpan]]:
    """Drop boilerplate lines; return the kept blocks and every cut line with its rule.

    `title` (the article's headline, if known): a first line repeating it does not end
    the leading edge, so that a byline or date line under a repeated headline is cut.
    """
    lines = [line for block in blocks for line in block]
    rules = [match_rule(line, patterns) for line in lines]
    cut_edges(lines, rules, patterns, title)

    kept_blocks: list[list[str]] = []
    removed: list[RemovedSpan] = []
    position = 0
    for block in blocks:
        kept = []
        for line in block:
            rule = rules[position]
            if rule is None:
                prompt = _TRAILING_COMMENT_PROMPT.search(line)
                if prompt:
                    # "... of 2019. Leave a comment and let us know ...": the engagement prompt
                    # that ends a real paragraph goes, the paragraph stays.
                    removed.append(RemovedSpan(position=position, text=prompt.group(1), rule="comment_prompt"))  # in PARTIAL_RULES
                    line = line[: prompt.start()].rstrip()
                kept.append(line)
            else:
                removed.append(RemovedSpan(position=position, text=line, rule=rule))
            position += 1
        if kept:
            kept_blocks.append(kept)
    return kept_blocks, removed
