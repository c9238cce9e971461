"""Event precision/recall/F1 and entity canonicalisation accuracy on the gold set.

    .venv/bin/python bench/nlp_quality.py [GOLD_JSON]      (default tests/gold/gold.json)

Runs the pipeline's own cleaning and NLP code (pipeline.evaluation) and ends with
one line: events P=<p> R=<r> F1=<f1> entities accuracy=<a>.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import PROJECT_ROOT  # noqa: E402
from pipeline.evaluation import evaluate  # noqa: E402


def main(argv: list[str]) -> int:
    gold = Path(argv[0]) if argv else PROJECT_ROOT / "tests" / "gold" / "gold.json"
    report = evaluate(gold)
    print(f"gold set {gold}: {report.articles} articles, {report.gold} gold events, {report.predicted} predicted\n")
    print(f"{'type':<10} {'gold':>5} {'pred':>5} {'match':>6}  precision  recall")
    for event_type, c in sorted(report.by_type.items()):
        p = c["matched"] / c["predicted"] if c["predicted"] else float("nan")
        r = c["matched"] / c["gold"] if c["gold"] else float("nan")
        print(f"{event_type:<10} {c['gold']:>5} {c['predicted']:>5} {c['matched']:>6}  {p:9.2f}  {r:6.2f}")
    print("\nmissed (gold, not predicted):")
    for path, key in report.missed:
        print(f"  {Path(path).name}: {key}")
    print("\nspurious (predicted, not in gold):")
    for path, key, sentence in report.spurious:
        print(f"  {Path(path).name}: {key}  <- {sentence[:110]}")
    print("\nby confidence (events.confidence; analysts can filter on it):")
    for threshold in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
        p, r, n = report.at_confidence(threshold)
        print(f"  confidence >= {threshold:.1f}: {n:4d} events  precision {p:.3f}  recall {r:.3f}")
    print(f"\nentity mentions checked {report.mentions_checked}, correct {report.mentions_correct}")
    for path, form, resolved in report.wrong_mentions[:30]:
        print(f"  {Path(path).name}: {form!r} -> {resolved}")
    print(f"\nevents P={report.precision:.3f} R={report.recall:.3f} F1={report.f1:.3f} entities accuracy={report.entity_accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
