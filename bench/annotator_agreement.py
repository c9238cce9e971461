"""Agreement between two annotations of the same articles (inter-annotator agreement).

    .venv/bin/python bench/annotator_agreement.py FIRST_JSON SECOND_JSON

Events match as in bench/nlp_quality.py: type, actor, recipient and mode all equal,
names through the project's alias table, counted as multisets per article. Prints the
second annotation's precision and recall against the first, and F1 (symmetric).
Default pairs: training/events/batch_{c,e}/gold.json against their independent
re-annotations in training/events/agreement/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import PROJECT_ROOT, Settings  # noqa: E402
from pipeline.evaluation import gold_keys  # noqa: E402
from pipeline.nlp.entities import EntityResolver  # noqa: E402

PAIRS = [(f"training/events/batch_{b}/gold.json", f"training/events/agreement/batch_{b}.json") for b in ("c", "e")]


def agreement(first: Path, second: Path) -> tuple[int, int, int]:
    """(events in first, events in second, events in both)."""
    resolver = EntityResolver(Settings().reference_dir)
    a = {d["path"]: gold_keys(d["events"], resolver) for d in json.loads(first.read_text(encoding="utf-8"))}
    b = {d["path"]: gold_keys(d["events"], resolver) for d in json.loads(second.read_text(encoding="utf-8"))}
    if set(a) != set(b):
        raise SystemExit(f"{first} and {second} annotate different articles")
    return sum(sum(k.values()) for k in a.values()), sum(sum(k.values()) for k in b.values()), sum(sum((a[p] & b[p]).values()) for p in a)


def main(argv: list[str]) -> int:
    pairs = [tuple(argv[:2])] if len(argv) >= 2 else PAIRS
    for first, second in pairs:
        n_a, n_b, both = agreement(PROJECT_ROOT / first, PROJECT_ROOT / second)
        print(f"{second} vs {first}: {n_a} / {n_b} events, {both} in both: "
              f"P={both / n_b:.3f} R={both / n_a:.3f} F1={2 * both / (n_a + n_b):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
