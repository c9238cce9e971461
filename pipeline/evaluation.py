"""Event and entity quality against a hand-annotated gold set (tests/gold/gold.json).

An event matches a gold event when type, actor, recipient (None = none stated)
and mode are all equal; actor and recipient compare by canonical name. Counts are
multisets per article: precision = matched / predicted, recall = matched / gold.
Entity canonicalisation accuracy: of the gold surface forms found as mentions,
the share resolved to the gold entity's canonical name.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.config import PROJECT_ROOT, Settings

EventKey = tuple[str, str, str | None, str]  # type, actor, recipient, mode


def at_confidence(scored: list[tuple[float, bool]], n_gold: int, threshold: float) -> tuple[float, float, int]:
    """(precision, recall, events kept) of the (confidence, matched) events with confidence >= threshold."""
    kept = [matched for confidence, matched in scored if confidence >= threshold]
    tp = sum(kept)
    return (tp / len(kept) if kept else 0.0), (tp / n_gold if n_gold else 0.0), len(kept)


@dataclass
class Report:
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    by_type: dict[str, Counter] = field(default_factory=dict)  # type -> Counter(tp, predicted, gold)
    missed: list[tuple[str, EventKey]] = field(default_factory=list)
    spurious: list[tuple[str, EventKey, str]] = field(default_factory=list)
    mentions_checked: int = 0
    mentions_correct: int = 0
    wrong_mentions: list[tuple[str, str, str]] = field(default_factory=list)
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, matched) per predicted event

    def at_confidence(self, threshold: float) -> tuple[float, float, int]:
        """(precision, recall, events kept) counting only events with confidence >= threshold."""
        return at_confidence(self.scored, self.gold, threshold)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def entity_accuracy(self) -> float:
        return self.mentions_correct / self.mentions_checked if self.mentions_checked else 0.0


def canonical_name(resolver, name: str | None) -> str | None:
    """A gold name as the pipeline names it: through the alias table ("Antony Blinken" in one
    article's gold is the entity "Antony J. Blinken")."""
    return resolver.named(name, "PERSON").canonical_name if name else None


def gold_keys(events: list[dict], resolver) -> Counter:
    """The (type, actor, recipient, mode) keys of gold events, names canonical."""
    return Counter((g["type"], canonical_name(resolver, g["actor"]), canonical_name(resolver, g.get("recipient")), g["mode"]) for g in events)


def score_by_confidence(predicted: list[tuple[EventKey, float]], gold: Counter) -> list[tuple[float, bool]]:
    """(confidence, matches a gold event) per predicted event, the most confident matched
    first, so that a threshold on confidence keeps the matches it should."""
    unmatched = Counter(gold)
    scored = []
    for key, confidence in sorted(predicted, key=lambda kc: -kc[1]):
        hit = unmatched[key] > 0
        unmatched[key] -= hit
        scored.append((confidence, hit))
    return scored


def clean_gold_article(item: dict, settings: Settings):
    """The gold item's article cleaned as the pipeline cleans it; a rejected gold article is an error."""
    from pipeline.process import clean_document
    from pipeline.records import RawDocument, Rejection

    raw = RawDocument(source_uri=item["path"], input_format="txt", text=(PROJECT_ROOT / item["path"]).read_text(encoding="utf-8"))
    clean = clean_document(raw, settings)
    if isinstance(clean, Rejection):
        raise ValueError(f"gold article {item['path']} was rejected: {clean.reason} {clean.detail}")
    return clean


def load_gold(path: Path) -> list[dict]:
    items = json.loads(path.read_text(encoding="utf-8"))
    for item in items:
        if not (PROJECT_ROOT / item["path"]).is_file():
            raise FileNotFoundError(f"gold article {item['path']} does not exist")
    return items


def evaluate(gold_path: Path) -> Report:
    from pipeline.nlp.annotate import Annotator

    settings = Settings()
    inputs = []
    for item in load_gold(gold_path):
        clean = clean_gold_article(item, settings)
        inputs.append((clean.article_id, clean.text, date.fromisoformat(item["published"]), (item, clean.text)))

    report = Report()
    annotator = Annotator(settings)

    def canonical(name: str | None) -> str | None:
        return canonical_name(annotator.resolver, name)

    for (item, text), annotation in annotator.annotate(inputs):
        report.articles += 1
        names = {eid: e.canonical_name for eid, e in annotation.entities.items()}
        keyed = [((e.event_type, names.get(e.actor_entity_id), names.get(e.recipient_entity_id), e.mode), e) for e in annotation.events]
        predicted = Counter(key for key, _ in keyed)
        evidence = {}
        for key, e in keyed:
            evidence.setdefault(key, e.sentence)
        gold = gold_keys(item["events"], annotator.resolver)
        matched = predicted & gold
        report.scored += score_by_confidence([(key, e.confidence) for key, e in keyed], gold)
        report.predicted += sum(predicted.values())
        report.gold += sum(gold.values())
        report.matched += sum(matched.values())
        for key, n in predicted.items():
            report.by_type.setdefault(key[0], Counter())["predicted"] += n
        for key, n in gold.items():
            report.by_type.setdefault(key[0], Counter())["gold"] += n
        for key, n in matched.items():
            report.by_type[key[0]]["matched"] += n
        report.missed += [(item["path"], key) for key in (gold - predicted).elements()]
        report.spurious += [(item["path"], key, evidence[key]) for key in (predicted - gold).elements()]

        by_surface: dict[str, list[str]] = {}
        for m in annotation.mentions:
            by_surface.setdefault(m.text, []).append(names.get(m.entity_id, "?"))
        for entity in item.get("entities", []):
            expected = canonical(entity["name"])
            for form in entity["mentions"]:
                for resolved in by_surface.get(form, []):
                    report.mentions_checked += 1
                    if resolved == expected:
                        report.mentions_correct += 1
                    else:
                        report.wrong_mentions.append((item["path"], form, f"{resolved} (gold: {entity['name']})"))
    return report
