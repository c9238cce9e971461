"""Does more annotated text help the event coder? A learning curve on fixed test folds.

    .venv/bin/python bench/learning_curve.py      # ~1 min

The first-wave corpus (training/events/batch_a..m and the two development sets, 151
articles) is split into the trainer's 5 article-grouped folds (cross_validate in
scripts/train_event_model.py). Each fold is scored by a coder trained on the other four
plus 0%, 50% and 100% of the second wave (batches n-u, 160 articles). The test articles
stay the same, so the rows differ only in training data. Printed per row: the best F1
over the threshold grid, with its precision, recall and threshold.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import Settings  # noqa: E402
from pipeline.evaluation import at_confidence  # noqa: E402
from scripts.train_event_model import DEFAULT_CORPUS, cross_validate, parse_corpus  # noqa: E402

SECOND_WAVE = tuple(f"training/events/batch_{b}/" for b in "nopqrstu")


def main() -> int:
    articles = parse_corpus(DEFAULT_CORPUS, Settings())
    first = [a for a in articles if not a.path.startswith(SECOND_WAVE)]
    # A fixed order, so that each share is a superset of the smaller one.
    second = sorted((a for a in articles if a.path.startswith(SECOND_WAVE)), key=lambda a: hashlib.sha256(a.path.encode()).hexdigest())
    print(f"first wave {len(first)} articles (the test folds), second wave {len(second)}")
    for share in (0.0, 0.5, 1.0):
        extra = second[: int(len(second) * share)]
        scored, n_gold = cross_validate(first, extra=extra)
        rows = []
        for t in [round(0.05 * k, 2) for k in range(1, 11)]:
            p, r, _ = at_confidence(scored, n_gold, t)
            rows.append((2 * p * r / (p + r) if p + r else 0.0, p, r, t))
        f1, p, r, t = max(rows)
        print(f"train = 4/5 of first wave + {len(extra):3d} second-wave articles: F1={f1:.3f} P={p:.3f} R={r:.3f} at confidence >= {t:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
