"""Per-article crisis themes and a document tone score, from reviewable lexicons.

Themes (seeds/themes.csv, theme -> keyword lemmas): a theme applies when its
keywords occur at least MIN_THEME_HITS times in the article. Tone
(seeds/tone_lexicon.csv, lemma -> +1/-1): 100 * (positive - negative) / words,
GDELT's convention, so -2.5 means 2.5 more negative than positive words per 100.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MIN_THEME_HITS = 3


@dataclass(frozen=True)
class Lexicons:
    themes: dict[str, frozenset[str]]
    polarity: dict[str, int]


@lru_cache(maxsize=4)
def load_lexicons(reference_dir: Path) -> Lexicons:
    themes: dict[str, set[str]] = {}
    with (reference_dir / "themes.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            themes.setdefault(row["theme"], set()).add(row["keyword"].lower())
    with (reference_dir / "tone_lexicon.csv").open(newline="", encoding="utf-8") as fh:
        polarity = {row["word"].lower(): int(row["polarity"]) for row in csv.DictReader(fh)}
    return Lexicons({k: frozenset(v) for k, v in themes.items()}, polarity)


def themes_and_tone(lemmas: list[str], lexicons: Lexicons) -> tuple[list[str], float]:
    counts = Counter(lemma.lower() for lemma in lemmas)
    themes = sorted(
        theme for theme, keywords in lexicons.themes.items()
        if sum(counts[k] for k in keywords) >= MIN_THEME_HITS
    )
    words = sum(counts.values())
    score = sum(counts[w] * p for w, p in lexicons.polarity.items())
    tone = round(100.0 * score / words, 3) if words else 0.0
    return themes, tone
