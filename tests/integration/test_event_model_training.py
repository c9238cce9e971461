"""seeds/event_model.json is what scripts/train_event_model.py makes from the committed
corpus and code: retraining gives the same weights (to rounding), so the shipped model
cannot drift from its training data unnoticed."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.config import PROJECT_ROOT

MODEL = PROJECT_ROOT / "seeds" / "event_model.json"


def test_retraining_reproduces_the_shipped_model(tmp_path):
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    out = tmp_path / "event_model.json"
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "train_event_model.py"), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    retrained = json.loads(out.read_text(encoding="utf-8"))
    assert retrained["trained_on"] == shipped["trained_on"]
    assert retrained["min_confidence"] == shipped["min_confidence"]
    for part in ("site", "actor", "recipient", "has_recipient", "mode"):
        assert retrained[part]["classes"] == shipped[part]["classes"], part
        assert set(retrained[part]["weights"]) == set(shipped[part]["weights"]), part
        drift = max(
            abs(a - b)
            for name, weights in shipped[part]["weights"].items()
            for a, b in zip(weights, retrained[part]["weights"][name])
        )
        assert drift < 1e-3, (part, drift)


def test_training_corpus_excludes_held_out_sets():
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    assert shipped["trained_on"], "no training corpus recorded"
    assert not [p for p in shipped["trained_on"] if p.startswith(("tests/gold/final", "tests/gold/blind"))]  # blind, blind2
