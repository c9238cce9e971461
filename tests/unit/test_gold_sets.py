"""The gold sets and the training corpus are well formed: tests/gold/check_gold.py (JSON parses, paths exist,
evidence and mentions occur verbatim in the articles, labels/types/modes valid)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.config import PROJECT_ROOT

GOLD_SETS = sorted((PROJECT_ROOT / "tests" / "gold").rglob("gold.json"))
TRAINING_SETS = sorted((PROJECT_ROOT / "training" / "events").glob("*/gold.json"))
# Second, independent annotations of two training batches (bench/annotator_agreement.py).
AGREEMENT_SETS = sorted((PROJECT_ROOT / "training" / "events" / "agreement").glob("*.json"))


def test_gold_sets():
    assert [p.parent.name for p in GOLD_SETS] == ["blind", "blind2", "blind3", "final", "gold", "second"]
    assert len(TRAINING_SETS) >= 6
    assert len(AGREEMENT_SETS) == 2


def test_no_article_in_two_sets():
    """A held-out article must not also be a training or development article."""
    import json

    seen = {}
    for path in GOLD_SETS + TRAINING_SETS:
        for item in json.loads(path.read_text(encoding="utf-8")):
            text = " ".join((PROJECT_ROOT / item["path"]).read_text(encoding="utf-8").split())
            assert text not in seen, f"{item['path']} repeats {seen.get(text)}"
            seen[text] = item["path"]


@pytest.mark.parametrize("gold", GOLD_SETS + TRAINING_SETS + AGREEMENT_SETS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_set_checker_passes(gold):
    checker = PROJECT_ROOT / "tests" / "gold" / "check_gold.py"
    done = subprocess.run([sys.executable, str(checker), str(gold)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
