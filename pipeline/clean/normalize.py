"""Unicode normalisation and whitespace clean-up, line by line."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that survive copy-paste from CMSs and break tokenisation.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_INVISIBLE)
    return _SPACES.sub(" ", line).strip()


def split_blocks(text: str, line_per_paragraph: bool = False) -> list[list[str]]:
    """Paragraph blocks, each a list of normalised lines.

    Plain text separates paragraphs by blank lines (its lines may be hard-wrapped);
    extractor output has one paragraph per line (`line_per_paragraph`).
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = normalize_line(raw)
        if line and line_per_paragraph:
            blocks.append([line])
        elif line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def join_blocks(blocks: list[list[str]]) -> str:
    """Lines of a block are one paragraph (hard-wrapped text); paragraphs are separated by a blank line."""
    return "\n\n".join(" ".join(lines) for lines in blocks if lines)


# Scripts written without spaces between words: each character counts as one word
# (as word processors count them), so a Japanese or Chinese article is not "too short".
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def word_count(text: str) -> int:
    """Whitespace-separated words; in Chinese/Japanese text every ideograph or kana is a word."""
    count = 0
    for token in text.split():
        unspaced = len(_UNSPACED.findall(token))
        if not unspaced:
            count += 1
        else:
            rest = [part for part in _UNSPACED.sub(" ", token).split() if any(c.isalnum() for c in part)]
            count += unspaced + len(rest)
    return count
