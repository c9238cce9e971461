"""The learned event coder's weights file: exported logistic models give sklearn's own
probabilities, and the trainer refuses the held-out gold sets."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.nlp.event_model import LinearModel

sys.path.insert(0, str(PROJECT_ROOT))
from scripts.train_event_model import fit  # noqa: E402


def _data(classes, n=300, seed=7):
    rng = random.Random(seed)
    names = [f"f{k}" for k in range(12)]
    x, y = [], []
    for _ in range(n):
        features = {name: 1.0 for name in rng.sample(names, 4)}
        # The label depends on the features, so the model has something to learn.
        score = sum(int(name[1:]) for name in features) + rng.random() * 6
        y.append(classes[int(score) % len(classes)] if len(classes) > 2 else classes[int(score > 25)])
        x.append(features)
    return x, y


@pytest.mark.parametrize("classes", [["0", "1"], ["asserted", "negated", "future", "hypothetical"]])
def test_exported_model_reproduces_sklearn_probabilities(classes):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    x, y = _data(classes)
    model = LinearModel(fit(x, y, 1.0))
    vec = DictVectorizer()
    reference = LogisticRegression(C=1.0, max_iter=5000).fit(vec.fit_transform(x), y)
    expected = reference.predict_proba(vec.transform(x[:50]))
    for features, row in zip(x[:50], expected):
        got = model.proba(features)
        for label, p in zip(reference.classes_, row):
            assert got[label] == pytest.approx(p, abs=1e-3)


def test_unknown_features_are_ignored():
    model = LinearModel({"classes": ["0", "1"], "intercept": [0.0], "weights": {"a": [2.0]}})
    assert model.proba({"a": 1.0, "never seen": 1.0})["1"] == pytest.approx(model.proba({"a": 1.0})["1"])
    assert model.proba({})["1"] == pytest.approx(0.5)


@pytest.mark.parametrize("held_out", ["tests/gold/final/gold.json", "tests/gold/blind/gold.json", "tests/gold/blind2/gold.json"])
def test_trainer_refuses_held_out_sets(held_out):
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "train_event_model.py"), "--cv", held_out],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "held-out" in done.stderr
