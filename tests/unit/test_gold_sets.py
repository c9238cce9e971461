"""The gold sets are well formed: tests/gold/check_gold.py (JSON parses, paths exist,
evidence and mentions occur verbatim in the articles, labels/types/modes valid)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.config import PROJECT_ROOT

GOLD_SETS = sorted((PROJECT_ROOT / "tests" / "gold").rglob("gold.json"))


def test_three_gold_sets():
    assert [p.parent.name for p in GOLD_SETS] == ["final", "gold", "second"]


@pytest.mark.parametrize("gold", GOLD_SETS, ids=lambda p: p.parent.name)
def test_gold_set_checker_passes(gold):
    checker = PROJECT_ROOT / "tests" / "gold" / "check_gold.py"
    done = subprocess.run([sys.executable, str(checker), str(gold)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
