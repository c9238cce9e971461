"""The learned event coder's weights file: exported logistic models give sklearn's own
probabilities, and the trainer refuses the held-out gold sets."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.nlp.event_model import LinearModel
from scripts.train_event_model import fit


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


@pytest.mark.parametrize("held_out", ["tests/gold/final/gold.json", "tests/gold/blind/gold.json", "tests/gold/blind2/gold.json",
                                      "tests/gold/blind3/gold.json"])
def test_trainer_refuses_held_out_sets(held_out):
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "train_event_model.py"), "--cv", held_out],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "held-out" in done.stderr


def _site(n_candidates: int):
    from pipeline.nlp.event_model import Candidate, Site
    from pipeline.nlp.events import RuleReading

    candidates = [Candidate(f"e{k}", f"E{k}", f"Entity {k}", {f"c{k}": 1.0}) for k in range(n_candidates)]
    return Site(0, None, None, "VERB", RuleReading("ASSAULT"), {"s": 1.0}, {"m": 1.0}, candidates)


def _model(site_scores, min_confidence=0.0):
    """A hand-set model: the site feature "s" scores each type; candidate k's feature "ck"
    makes it actor (k=0) or recipient (k=1)."""
    from pipeline.nlp.event_model import EventModel

    binary = lambda weights: {"classes": ["0", "1"], "intercept": [0.0], "weights": weights}  # noqa: E731
    return EventModel.from_dict({
        "site": {"classes": ["ASSAULT", "NONE"], "intercept": [0.0, 0.0], "weights": {"s": site_scores}},
        "actor": binary({"c0": [4.0], "c1": [-4.0], "c2": [-4.0]}),
        "recipient": binary({"c0": [-4.0], "c1": [4.0], "c2": [-4.0]}),
        "has_recipient": binary({"s": [3.0]}),
        "mode": {"classes": ["asserted", "future", "hypothetical", "negated"], "intercept": [2.0, 0.0, 0.0, 0.0], "weights": {}},
        "min_confidence": min_confidence,
    })


def test_decide_picks_actor_recipient_and_mode_and_multiplies_their_chances():
    event_type, actor, recipient, mode, confidence = _model([3.0, -3.0]).decide(_site(3))
    assert (event_type, actor.entity_id, recipient.entity_id, mode) == ("ASSAULT", "e0", "e1", "asserted")
    assert 0.5 < confidence < 1.0


def test_decide_drops_an_unlikely_event_and_a_site_without_candidates():
    assert _model([-3.0, 3.0], min_confidence=0.15).decide(_site(3)) is None  # "no event" wins
    assert _model([3.0, -3.0]).decide(_site(0)) is None  # nobody to act
    _, _, recipient, _, _ = _model([3.0, -3.0]).decide(_site(1))
    assert recipient is None  # nobody left to be acted on


def test_one_event_per_happening_keeps_the_most_confident_mention():
    from datetime import date

    from pipeline.nlp.events import Event, one_event_per_happening

    def event(i, confidence, recipient="r"):
        return Event(f"id{i}", "a", i, 0, 1, "ASSAULT", "material conflict", "attack", "x", "X", recipient, "R", None,
                     date(2022, 1, 1), None, "asserted", confidence, "s")

    kept = one_event_per_happening([event(0, 0.3), event(1, 0.7), event(2, 0.5, recipient="q")])
    assert [(e.event_id, e.confidence) for e in kept] == [("id1", 0.7), ("id2", 0.5)]


def test_decide_names_no_recipient_when_no_single_one_is_likelier_than_none():
    """has_recipient leans yes (0.6), but two candidates are equally likely: each is
    right 30% of the time, "no recipient" 40%."""
    model = _model([3.0, -3.0])
    model.has_recipient.weights = {"s": [0.405]}
    model.recipient.weights = {"c0": [-4.0], "c1": [4.0], "c2": [4.0]}
    _, actor, recipient, _, _ = model.decide(_site(3))
    assert actor.entity_id == "e0" and recipient is None
    model.recipient.weights = {"c0": [-4.0], "c1": [4.0], "c2": [-4.0]}
    assert model.decide(_site(3))[2].entity_id == "e1"


def test_training_rows_count_every_candidate_named_as_the_gold_actor_as_the_actor():
    """An entity and its rules-resolved reading can both be candidates: both are the actor,
    and neither is a recipient example."""
    from pipeline.nlp.event_model import Candidate, Site
    from pipeline.nlp.events import RuleReading
    from scripts.train_event_model import Article, rows

    candidates = [Candidate("e0", "Putin", "Vladimir Putin", {"a": 1.0}), Candidate("e0", "He", "Vladimir Putin", {"b": 1.0}),
                  Candidate("e1", "Ukraine", "Ukraine", {"c": 1.0})]
    site = Site(0, None, None, "VERB", RuleReading("ACCUSE"), {"s": 1.0}, {"m": 1.0}, candidates)
    label = {"type": "ACCUSE", "actor": "Vladimir Putin", "recipient": "Ukraine", "mode": "asserted"}
    article = Article("x", [site], None, [label])
    _, (actor_x, actor_y), (rec_x, rec_y), _, _ = rows([article])
    assert actor_y == [1, 1, 0]
    assert rec_y == [1] and "c" in rec_x[0]
