"""The gold sets are well formed: each set's checker (JSON parses, paths exist,
evidence and mentions occur verbatim in the articles, labels/types/modes valid)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.config import PROJECT_ROOT

CHECKERS = ["tests/gold/check_gold.py", "tests/gold/second/check_second.py", "tests/gold/final/check_final.py"]


@pytest.mark.parametrize("checker", CHECKERS)
def test_gold_set_checker_passes(checker):
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / checker)], capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
