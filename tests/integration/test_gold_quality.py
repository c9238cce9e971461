"""Event and entity quality on the hand-annotated gold set (tests/gold/).

The floors guard the measured level against regressions; they are below the
project's target (event precision 0.80, recall 0.60), which is not reached yet:
bench/nlp_quality.py prints the current numbers and every miss.
"""

from __future__ import annotations

import pytest

from pipeline.config import PROJECT_ROOT
from pipeline.evaluation import evaluate

PRECISION_FLOOR = 0.68
RECALL_FLOOR = 0.40
ENTITY_ACCURACY_FLOOR = 0.92


@pytest.fixture(scope="module")
def report():
    return evaluate(PROJECT_ROOT / "tests" / "gold" / "gold.json")


def test_gold_set_is_substantial(report):
    assert report.articles == 11 and report.gold >= 60


def test_event_precision_and_recall_floors(report):
    assert report.precision >= PRECISION_FLOOR, f"precision {report.precision:.3f}; spurious: {report.spurious[:5]}"
    assert report.recall >= RECALL_FLOOR, f"recall {report.recall:.3f}; missed: {report.missed[:5]}"


def test_entity_canonicalisation_floor(report):
    assert report.mentions_checked >= 150
    assert report.entity_accuracy >= ENTITY_ACCURACY_FLOOR, report.wrong_mentions[:10]
