"""Train the learned event coder (seeds/event_model.json) on the annotated corpus.

    .venv/bin/python scripts/train_event_model.py [--cv] [--out PATH] [GOLD_JSON ...]

Default corpus: training/events/*/gold.json plus the development gold sets
tests/gold/gold.json and tests/gold/second/gold.json. The held-out sets
(tests/gold/final/ and tests/gold/blind*/) are never read here.

Each gold event is aligned to one trigger site (pipeline/nlp/event_model.py) in its
evidence span: the site whose candidates contain the gold actor, preferring the rules'
type and actor. Aligned sites teach the site, actor, recipient and mode models; sites
with no gold event (repeated mentions of one happening included) teach "no event".

The emission threshold (min_confidence) is the one with the best article-grouped 5-fold
cross-validated F1, events matched as bench/nlp_quality.py matches them (type, actor,
recipient, mode); the table is printed.
--cv prints it and writes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import PROJECT_ROOT, Settings  # noqa: E402
from pipeline.evaluation import at_confidence, canonical_name, clean_gold_article, score_by_confidence  # noqa: E402

HELD_OUT = ("tests/gold/final", "tests/gold/blind")  # a prefix: blind2/ and blind3/ too
DEFAULT_CORPUS = sorted(str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "training" / "events").glob("*/gold.json")) + [
    "tests/gold/gold.json",
    "tests/gold/second/gold.json",
]
C_SITE, C_ROLE, C_MODE = 1.0, 1.0, 1.0  # L2 strengths: 0.3-3 gave the same cross-validated F1 within 0.01


@dataclass
class Article:
    path: str
    sites: list
    gold: Counter  # (type, actor, recipient, mode) keys, canonical names
    site_labels: list = field(default_factory=list)  # per site: its gold event, or None (no event)
    unaligned: int = 0


def _norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s)


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    normed = _norm(text)
    at = normed.find(_norm(evidence))
    if at >= 0 and len(normed) == len(text):
        return at, at + len(evidence)
    return None


def parse_corpus(gold_paths: list[str], settings: Settings):
    from pipeline.nlp.annotate import Annotator
    from pipeline.nlp.event_model import build_sites

    def held_out(path: str) -> bool:
        return any(str((PROJECT_ROOT / path).resolve()).startswith(str(PROJECT_ROOT / h)) for h in HELD_OUT)

    for path in gold_paths:
        if held_out(path):
            raise SystemExit(f"{path} is a held-out set: it measures the model and is never trained on")
    annotator = Annotator(settings, learned_events=False)
    items = []
    for gold_path in gold_paths:
        for item in json.loads((PROJECT_ROOT / gold_path).read_text(encoding="utf-8")):
            if held_out(item["path"]):
                raise SystemExit(f"{gold_path} lists {item['path']}, an article of a held-out set")
            clean = clean_gold_article(item, settings)
            items.append((clean.text, (item, clean.text)))
    articles = []
    resolver = annotator.resolver
    for (item, text), doc, mentions, entities in annotator.parse(items):
        sites = build_sites(annotator.extractor, doc, mentions, entities)
        for s in sites:  # the doc's memory is reused for the next one: keep only offsets
            s.sentence = s.token = None
        gold_events = [dict(g, actor=canonical_name(resolver, g["actor"]), recipient=canonical_name(resolver, g.get("recipient"))) for g in item["events"]]
        article = Article(item["path"], sites, Counter((g["type"], g["actor"], g["recipient"], g["mode"]) for g in gold_events))
        align(article, text, gold_events)
        articles.append(article)
    return articles


def align(article: Article, text: str, gold_events: list[dict]) -> None:
    scored = []
    for g_i, g in enumerate(gold_events):
        span = _evidence_span(text, g["evidence"])
        if span is None:
            continue
        for s_i, s in enumerate(article.sites):
            in_span = span[0] <= s.token_idx < span[1]
            in_sentence = s.sentence_span[0] < span[1] and span[0] < s.sentence_span[1]
            if not (in_span or in_sentence):
                continue
            names = {c.canonical_name for c in s.candidates}
            if g["actor"] not in names:
                continue
            rule_actor = next((c.canonical_name for c in s.candidates if "rule_actor" in c.features), None)
            score = (4 * (s.reading.event_type == g["type"]) + 2 * in_span + (rule_actor == g["actor"])
                     + (g["recipient"] is None or g["recipient"] in names))
            scored.append((score, -s_i, g_i, s_i))
    labels: list = [None] * len(article.sites)
    used = set()
    for score, _, g_i, s_i in sorted(scored, reverse=True):
        if g_i in used or labels[s_i] is not None:
            continue
        used.add(g_i)
        labels[s_i] = gold_events[g_i]
    article.unaligned = len(gold_events) - len(used)
    # Every other site is "no event", repeated mentions of a happening included: the site
    # model learns from the repeat features to count a happening once.
    article.site_labels = labels


def rows(articles: list[Article]):
    from pipeline.nlp.event_model import NONE, recipient_features

    site_x, site_y, actor_x, actor_y, rec_x, rec_y, mode_x, mode_y, has_x, has_y = ([] for _ in range(10))
    for a in articles:
        for s, label in zip(a.sites, a.site_labels):
            site_x.append(s.features)
            site_y.append(NONE if label is None else label["type"])
            if label is None:
                continue
            # align() gives a site a label only when the gold actor is among its candidates. Two
            # candidates can share a name (an entity and its rules-resolved reading): both are the actor.
            gold_actor = next(c for c in s.candidates if c.canonical_name == label["actor"])
            for c in s.candidates:
                actor_x.append(c.features)
                actor_y.append(int(c.canonical_name == label["actor"]))
                if c.canonical_name != label["actor"]:
                    rec_x.append(recipient_features(gold_actor, c))
                    rec_y.append(int(c.canonical_name == label["recipient"]))
            mode_x.append(s.mode_features)
            mode_y.append(label["mode"])
            names = {c.canonical_name for c in s.candidates}
            if label["recipient"] is None or label["recipient"] in names:
                has_x.append(s.features)
                has_y.append(int(label["recipient"] is not None))
    return (site_x, site_y), (actor_x, actor_y), (rec_x, rec_y), (mode_x, mode_y), (has_x, has_y)


def fit(x, y, c: float, min_count: int = 1) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for features in x for name in features)
    x = [{k: v for k, v in features.items() if counts[k] >= min_count} for features in x]
    vec = DictVectorizer()
    matrix = vec.fit_transform(x)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(matrix, [str(v) for v in y])
    names = vec.get_feature_names_out()
    coef = model.coef_
    weights = {}
    for j, name in enumerate(names):
        w = [round(float(coef[k, j]), 5) for k in range(coef.shape[0])]
        if any(w):
            weights[str(name)] = w
    return {"classes": [str(c) for c in model.classes_], "intercept": [round(float(b), 5) for b in model.intercept_], "weights": weights}


def train(articles: list[Article], min_confidence: float = 0.0) -> dict:
    (sx, sy), (ax, ay), (rx, ry), (mx, my), (hx, hy) = rows(articles)
    return {
        "has_recipient": fit(hx, hy, C_ROLE, 2),
        "site": fit(sx, sy, C_SITE, 2),
        "actor": fit(ax, ay, C_ROLE, 2),
        "recipient": fit(rx, ry, C_ROLE, 2),
        "mode": fit(mx, my, C_MODE, 2),
        "min_confidence": min_confidence,
    }


def predict_keys(model, article: Article) -> dict:
    """The article's predicted (type, actor, recipient, mode) keys, one per happening, with
    the confidence of its most confident mention. Close to the pipeline's counting
    (one_event_per_happening), which also tells happenings apart by their date."""
    keys: dict = {}
    for s in article.sites:
        decision = model.decide(s)
        if decision is None:
            continue
        event_type, actor, recipient, mode, confidence = decision
        key = (event_type, actor.canonical_name, recipient.canonical_name if recipient else None, mode)
        keys[key] = max(keys.get(key, 0.0), confidence)
    # The one-event-per-happening merge of the pipeline drops a recipient-less duplicate.
    for k in list(keys):
        if k[2] is None and any(o[0] == k[0] and o[1] == k[1] and o[3] == k[3] and o[2] is not None for o in keys):
            del keys[k]
    return keys


def cross_validate(articles: list[Article], folds: int = 5, extra: list[Article] = ()) -> tuple[list[tuple[float, bool]], int]:
    """Article-grouped k-fold: every predicted event's (confidence, matches gold), and the gold count.
    `extra` articles are added to every fold's training set and never tested on (bench/learning_curve.py)."""
    from pipeline.nlp.event_model import EventModel

    order = sorted(range(len(articles)), key=lambda i: hashlib.sha256(articles[i].path.encode()).hexdigest())
    scored, n_gold = [], 0
    for f in range(folds):
        test = [articles[i] for k, i in enumerate(order) if k % folds == f]
        model = EventModel.from_dict(train([articles[i] for k, i in enumerate(order) if k % folds != f] + list(extra)))
        for a in test:
            n_gold += sum(a.gold.values())
            scored += score_by_confidence(list(predict_keys(model, a).items()), a.gold)
    return scored, n_gold


def dump_model(spec: dict) -> str:
    """JSON with one feature's weights per line, so a retrained model diffs readably."""
    lines = ["{"]
    scalars = [k for k in sorted(spec) if not isinstance(spec[k], dict)]
    models = [k for k in sorted(spec) if isinstance(spec[k], dict)]
    for k in scalars:
        lines.append(f"{json.dumps(k)}: {json.dumps(spec[k])},")
    for m_i, k in enumerate(models):
        model = spec[k]
        lines.append(f"{json.dumps(k)}: {{")
        lines.append(f"  \"classes\": {json.dumps(model['classes'])},")
        lines.append(f"  \"intercept\": {json.dumps(model['intercept'])},")
        lines.append('  "weights": {')
        names = sorted(model["weights"])
        for n_i, name in enumerate(names):
            lines.append(f"    {json.dumps(name)}: {json.dumps(model['weights'][name])}{',' if n_i < len(names) - 1 else ''}")
        lines.append("  }")
        lines.append("}" + ("," if m_i < len(models) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "seeds" / "event_model.json")
    parser.add_argument("--cv", action="store_true", help="print the cross-validated precision/recall table only, write nothing")
    args = parser.parse_args(argv)

    settings = Settings()
    articles = parse_corpus(args.gold, settings)
    n_gold = sum(sum(a.gold.values()) for a in articles)
    unaligned = sum(a.unaligned for a in articles)
    print(f"corpus: {len(articles)} articles, {n_gold} gold events, {unaligned} not aligned to a trigger site "
          f"({n_gold - unaligned} trainable), {sum(len(a.sites) for a in articles)} sites", file=sys.stderr)
    # The emission threshold: the confidence that gives the best cross-validated F1.
    scored, n_gold = cross_validate(articles)
    grid = [round(0.05 * k, 2) for k in range(13)]
    table = {}
    for t in grid:
        p, r, _ = at_confidence(scored, n_gold, t)
        table[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    for t, (p, r, f1) in table.items():
        print(f"min_confidence={t:.2f}  cross-validated P={p:.3f} R={r:.3f} F1={f1:.3f}", file=sys.stderr)
    min_confidence = max(grid, key=lambda t: (round(table[t][2], 3), t))
    print(f"chosen min_confidence={min_confidence:.2f}", file=sys.stderr)
    if args.cv:
        return 0
    spec = train(articles, min_confidence)
    spec["trained_on"] = args.gold
    args.out.write_text(dump_model(spec), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
