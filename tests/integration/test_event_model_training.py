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
        old, new = shipped[part], retrained[part]
        assert new["classes"] == old["classes"], part
        names = set(old["weights"]) | set(new["weights"])  # a weight that rounds to 0 is not written
        width = len(old["intercept"])
        drift = max(
            abs(a - b)
            for name in names
            for a, b in zip(old["weights"].get(name, [0.0] * width), new["weights"].get(name, [0.0] * width))
        )
        assert drift < 1e-3, (part, drift)
        assert max(abs(a - b) for a, b in zip(old["intercept"], new["intercept"])) < 1e-3, part


def test_training_corpus_excludes_held_out_sets():
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    assert shipped["trained_on"], "no training corpus recorded"
    assert not [p for p in shipped["trained_on"] if p.startswith(("tests/gold/final", "tests/gold/blind"))]  # blind, blind2, blind3
