"""Learned event coding over the rules' trigger sites.

The rules (pipeline/nlp/events.py) find trigger sites through the reviewable lexicon
and read each one: type, actor, recipient, mode, or why they would drop it. The
lexicon proposes a type; five small logistic models, trained on the annotated corpus
(training/events/ and the development gold sets, see scripts/train_event_model.py),
decide with the rules' reading and the parse as evidence:

- site:          which PLOVER type the site codes, or none (most mentions are not
                 events, or repeat one already counted);
- actor:         which candidate entity acts (candidates: the actor-capable entities of
                 the sentence and the two before it, plus whatever the rules resolved);
- has_recipient: whether the event has a recipient;
- recipient:     which other candidate it is;
- mode:          asserted, negated, future or hypothetical.

The weights live in seeds/event_model.json; inference is a sparse dot product, so no
machine-learning library is needed at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.nlp.events import FUTURE_AUX, HYPOTHETICAL_AUX, REPORTING_VERBS, EventExtractor, RuleReading, one_event_per_happening

NONE = "NONE"
MODES = ("asserted", "negated", "future", "hypothetical")


@dataclass
class Candidate:
    entity_id: str
    text: str
    canonical_name: str
    features: dict[str, float] = field(default_factory=dict)
    country: str | None = None  # the country it is or belongs to, where the text or the gazetteer says
    position: tuple[int, int] | None = None  # (sentence index, token index) of its mention, None if resolved by the rules only


@dataclass
class Site:
    sentence_index: int
    sentence: object  # spacy Span
    token: object  # spacy Token
    pos: str
    reading: RuleReading
    features: dict[str, float]
    mode_features: dict[str, float]
    candidates: list[Candidate]
    token_idx: int = 0  # the trigger's character offset, and its sentence's: what outlives the doc
    sentence_span: tuple[int, int] = (0, 0)


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7-12" if n <= 12 else "13+"


def _dep_path(a, b, limit: int = 5) -> str:
    """Dependency labels from token a up to the common ancestor and down to token b."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i and len(up_a) < 12:
        up_a.append(up_a[-1].head)
    index = {t.i: k for k, t in enumerate(up_a)}
    down, node = [], b
    while node.i not in index and node.head.i != node.i and len(down) < 12:
        down.append(node)
        node = node.head
    if node.i not in index:
        return "far"
    ups = up_a[: index[node.i]]
    if len(ups) + len(down) > limit:
        return "far"
    return "^".join(t.dep_ for t in ups) + "|" + node.pos_ + "|" + "v".join(t.dep_ for t in reversed(down))


def _governors(token, depth: int = 4):
    chain, node = [], token
    while node.head.i != node.i and len(chain) < depth:
        chain.append((node.dep_, node.head))
        node = node.head
    return chain


def site_features(token, pos: str, reading: RuleReading, lexicon_type: str, sentence) -> dict[str, float]:
    lemma = token.lemma_.lower()
    head = token.head
    f = {
        "bias": 1.0,
        f"lemma={lemma}|{pos}": 1.0,
        f"lex={lexicon_type}": 1.0,
        f"rule={reading.event_type}": 1.0,
        f"dropped={reading.dropped or 'kept'}": 1.0,
        f"dropped={reading.dropped or 'kept'}|lex={lexicon_type}": 1.0,
        f"dep={token.dep_}": 1.0,
        f"dep={token.dep_}|lex={lexicon_type}": 1.0,
        f"tag={token.tag_}": 1.0,
        f"head={head.lemma_.lower()}|{token.dep_}": 1.0,
        f"lemma={lemma}|dep={token.dep_}": 1.0,
        f"has_actor={reading.actor is not None}": 1.0,
        f"has_recipient={reading.recipient is not None}": 1.0,
        f"has_actor={reading.actor is not None}|lex={lexicon_type}": 1.0,
        f"rule_mode={reading.mode}": 1.0,
    }
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in token.children):
        f["definite"] = 1.0
    if any(c.dep_ == "poss" for c in token.children):
        f["possessed"] = 1.0
    for dep, gov in _governors(token, 3):
        f[f"gov={gov.lemma_.lower()}"] = 1.0
        if gov.lemma_ in REPORTING_VERBS:
            f["under_reporting"] = 1.0
    if token.dep_ in ("relcl", "acl"):
        f["in_modifier_clause"] = 1.0
    if token.dep_ == "pobj":
        f[f"prep={head.lower_}"] = 1.0
    if sentence.start == 0:
        f["first_sentence"] = 1.0
    # What the trigger governs: "called a general strike" is not "called on Ethiopia".
    for child in token.children:
        if child.dep_ in ("dobj", "amod", "compound", "prt", "dative", "attr", "acomp"):
            f[f"child={child.dep_}:{child.lemma_.lower()}"] = 1.0
            f[f"child={child.dep_}:{child.lemma_.lower()}|lemma={lemma}"] = 1.0
        elif child.dep_ == "prep":
            f[f"prep_child={child.lower_}"] = 1.0
            f[f"prep_child={child.lower_}|lemma={lemma}"] = 1.0
        elif child.dep_ in ("xcomp", "ccomp"):
            f[f"clause_child={child.dep_}"] = 1.0
            f[f"clause_child={child.dep_}|lemma={lemma}"] = 1.0
        elif child.dep_ in ("nsubj", "nsubjpass"):
            kind = "pronoun" if child.pos_ == "PRON" else "propn" if child.pos_ == "PROPN" else "noun"
            f[f"subject={child.dep_}:{kind}"] = 1.0
    return f


def mode_features(token, reading: RuleReading, extractor: EventExtractor) -> dict[str, float]:
    mode = reading.mode or extractor._mode(token)
    f = {"bias": 1.0, f"rule_mode={mode}": 1.0, f"lemma={token.lemma_.lower()}": 1.0}
    nodes = [token] + [gov for _, gov in _governors(token, 4)]
    for depth, node in enumerate(nodes):
        for k in node.children:
            if k.dep_ in ("aux", "auxpass") and k.lower_ in FUTURE_AUX | HYPOTHETICAL_AUX | {"to"}:
                f[f"aux{min(depth, 2)}={k.lower_}"] = 1.0
            if k.dep_ == "neg" or (k.lower_ in ("no", "never") and k.dep_ in ("det", "advmod")):
                f[f"neg{min(depth, 2)}"] = 1.0
            if k.dep_ == "mark" and k.lower_ in ("if", "unless", "until", "once", "whether"):
                f[f"mark{min(depth, 2)}={k.lower_}"] = 1.0
        if depth:
            f[f"gov{min(depth, 2)}={node.lemma_.lower()}"] = 1.0
    f[f"tag={token.tag_}"] = 1.0
    return f


def candidate_features(cand_token, mention_label: str, entity_label: str, token, lexicon_type: str, role_hints: set[str], same_sentence: bool,
                       subject_kind: str = "none", sentences_back: int = 0) -> dict[str, float]:
    f = {"bias": 1.0, f"elabel={entity_label}": 1.0, f"mlabel={mention_label}": 1.0,
         f"subject_kind={subject_kind}|elabel={entity_label}|back={sentences_back}": 1.0}
    for hint in sorted(role_hints):
        f[f"rule_{hint}"] = 1.0
        f[f"rule_{hint}|type={lexicon_type}"] = 1.0
    if cand_token is None:
        f["resolved_by_rules_only"] = 1.0
        return f
    if not same_sentence:
        f["previous_sentence"] = 1.0
        f[f"previous_sentence|back={sentences_back}|dep={cand_token.dep_}"] = 1.0
        f[f"previous_sentence|dep={cand_token.dep_}|subject_kind={subject_kind}"] = 1.0
        return f
    path = _dep_path(cand_token, token)
    before = cand_token.i < token.i
    distance = abs(cand_token.i - token.i)
    f[f"path={path}"] = 1.0
    f[f"path={path}|type={lexicon_type}"] = 1.0
    f[f"before={before}"] = 1.0
    f[f"before={before}|dist={_bucket(distance)}"] = 1.0
    f[f"before={before}|type={lexicon_type}"] = 1.0
    f[f"cdep={cand_token.dep_}"] = 1.0
    f[f"cdep={cand_token.dep_}|before={before}"] = 1.0
    if cand_token.dep_ == "pobj":
        f[f"cprep={cand_token.head.lower_}"] = 1.0
        f[f"cprep={cand_token.head.lower_}|type={lexicon_type}"] = 1.0
    if mention_label != entity_label:
        f[f"stands_for|{mention_label}>{entity_label}"] = 1.0
    return f


def pair_features(actor: Candidate, candidate: Candidate) -> dict[str, float]:
    """What a recipient candidate is to the chosen actor: an actor's own country or official
    is rarely its recipient ("Blinken said Washington would not send troops")."""
    f = {}
    if actor.country and candidate.country:
        f["pair_same_country"] = 1.0 if actor.country == candidate.country else 0.0
        f["pair_other_country"] = 1.0 if actor.country != candidate.country else 0.0
    if actor.position and candidate.position:
        if actor.position[0] == candidate.position[0]:
            order = candidate.position[1] - actor.position[1]
            f["pair_order=" + ("after" if order > 0 else "before" if order < 0 else "same")] = 1.0
        else:
            f["pair_other_sentence"] = 1.0
    return {k: v for k, v in f.items() if v}


def _mark_speaker(features: dict[str, float], reporting_verb: str | None) -> None:
    if reporting_verb is not None:
        features["speaker"] = 1.0
        features[f"speaker={reporting_verb}"] = 1.0


def recipient_features(actor: Candidate, candidate: Candidate) -> dict[str, float]:
    return {**candidate.features, **pair_features(actor, candidate)}


def _span_in(sentence, text: str, token):
    """The occurrence of `text` in the sentence nearest the trigger, as a span, if any."""
    best = None
    start = sentence.text.find(text)
    while start >= 0 and text:
        span = sentence.doc.char_span(sentence.start_char + start, sentence.start_char + start + len(text))
        if span is not None and (best is None or abs(span.root.i - token.i) < abs(best.root.i - token.i)):
            best = span
        start = sentence.text.find(text, start + 1)
    return best


def _subject_kind(extractor: EventExtractor, token, pos: str, mention_at) -> str:
    """What stands in the trigger's subject position: an entity, a pronoun, a common noun or nothing."""
    if pos != "VERB":
        return "nominal"
    subject, passive = extractor._subject(token)
    if subject is None:
        return "none"
    voice = "passive" if passive else "active"
    if subject.i in mention_at:
        return f"entity-{voice}"
    if subject.pos_ == "PRON":
        return f"pronoun-{subject.lower_ if subject.lower_ in ('he', 'she', 'it', 'they') else 'other'}-{voice}"
    return f"noun-{voice}"


def _country_of(resolver, doc, start: int, actor, mention_at, entities) -> str | None:
    """The country an actor is or belongs to: its own code, or the country named just before
    the name in its noun phrase ("Russian President Vladimir Putin", "U.S. Secretary of State
    Antony Blinken", "Russian Foreign Ministry")."""
    if actor.country_code and actor.label in ("GPE", "LOC"):
        return actor.country_code
    first = actor.canonical_name.split(" ")[0]
    if first in resolver.nationalities:
        return resolver.named(resolver.nationalities[first], "GPE").country_code
    i = start - 1
    sentence_start = doc[start].sent.start  # the noun phrase ends where its sentence does
    while i >= sentence_start and start - i <= 6:
        t = doc[i]
        if t.is_space or t.pos_ in ("VERB", "AUX", "PRON", "CCONJ", "SCONJ", "DET") or (t.is_punct and t.text != "."):
            break
        if t.text in resolver.nationalities:
            return resolver.named(resolver.nationalities[t.text], "GPE").country_code
        m = mention_at.get(i)
        if m is not None and m.entity_id is not None and entities[m.entity_id].label == "GPE":
            return entities[m.entity_id].country_code
        i -= 1
    return actor.country_code


def _sentence_actors(extractor: EventExtractor, doc, sentences, by_sentence, k: int, entities, mention_at) -> list:
    """(sentence index, text, mention label, root token, actor entity, its country) for what
    may act or be acted on in sentence k. Beyond the rules' actors, a nationality word the tagger did not
    tag as one ("Cambodian troops", "Turkish F-16 jets") stands for its country. Places stay
    locations, never actors."""
    resolver = extractor.resolver
    found = []
    for m in by_sentence.get(k, []):
        if m.entity_id is None:
            continue
        actor = resolver.as_actor(entities[m.entity_id])
        if actor is None:
            continue
        entities.setdefault(actor.entity_id, actor)
        found.append((k, m.text, m.label, doc[m.start_token: m.end_token].root, actor, _country_of(resolver, doc, m.start_token, actor, mention_at, entities)))
    for t in sentences[k]:
        country = resolver.nationalities.get(t.text)
        if country is None:
            continue
        actor = resolver.named(country, "GPE")
        entities.setdefault(actor.entity_id, actor)
        found.append((k, t.text, "NORP", t, actor, actor.country_code))
    return found


def build_sites(extractor: EventExtractor, doc, mentions, entities, mention_at=None) -> list[Site]:
    """Every trigger site of a parsed article, with the rules' reading and the features."""
    if mention_at is None:
        mention_at = extractor.index_mentions(mentions)
    sentences = list(doc.sents)
    seen_lemmas, seen_types, seen_types_actor = set(), set(), set()
    sites: list[Site] = []
    kept_readings: list[RuleReading] = []  # what "condemned the attack" can refer back to
    by_sentence: dict[int, list] = {}
    actors_of: dict[int, list] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence_index, []).append(m)
    for sentence_index, sentence, token, pos, trigger in extractor.trigger_sites(doc):
        reading = extractor.analyse(token, pos, trigger, mention_at, entities, kept_readings)
        lexicon_type = trigger.event_type
        candidates: dict[str, Candidate] = {}
        nearest: dict[str, tuple[int, int]] = {}
        hints: dict[str, set[str]] = {}
        if reading.actor:
            hints.setdefault(reading.actor[0], set()).add("actor")
        if reading.recipient:
            hints.setdefault(reading.recipient[0], set()).add("recipient")
        subject_kind = _subject_kind(extractor, token, pos, mention_at)
        # Who reports the trigger, by the reporting verb: "Blinken said Washington would ..." is
        # not Blinken's act, "The U.S. announced sanctions" is the announcer's.
        speakers = {c.i: gov.lemma_ for _, gov in _governors(token, 4) if gov.lemma_ in REPORTING_VERBS for c in gov.children if c.dep_ == "nsubj"}
        # The window: this sentence and the two before it, each sentence's actors found once per article.
        window = []
        for k in range(max(0, sentence_index - 2), sentence_index + 1):
            if k not in actors_of:
                actors_of[k] = _sentence_actors(extractor, doc, sentences, by_sentence, k, entities, mention_at)
            window += actors_of[k]
        for m_sentence, m_text, m_label, root, actor, country in window:
            same = m_sentence == sentence_index
            features = candidate_features(root, m_label, actor.label, token, lexicon_type, hints.get(actor.entity_id, set()), same,
                                          subject_kind, sentence_index - m_sentence)
            if same:
                _mark_speaker(features, speakers.get(root.i))
            known = nearest.get(actor.entity_id)
            # An entity named more than once: keep its mention nearest the trigger.
            rank = (sentence_index - m_sentence, abs(root.i - token.i))
            if known is None or rank < known:
                nearest[actor.entity_id] = rank
                candidates[actor.entity_id] = Candidate(actor.entity_id, m_text, actor.canonical_name, features, country, (m_sentence, root.i))
        for role in (reading.actor, reading.recipient):
            if not role:
                continue
            # What the rules resolved through words that are no mention ("He", "the President of
            # Ukraine"): those words, where they stand in the sentence, are the candidate's position.
            span = _span_in(sentence, role[1], token)
            known = candidates.get(role[0])
            label = entities[role[0]].label
            entity = entities[role[0]]
            if span is not None and (known is None or known.text != role[1]):
                features = candidate_features(span.root, "RULES", label, token, lexicon_type, hints[role[0]], True, subject_kind)
                _mark_speaker(features, speakers.get(span.root.i))
                country = known.country if known is not None else _country_of(extractor.resolver, doc, span.start, entity, mention_at, entities)
            elif span is None and known is None:
                features = candidate_features(None, "", label, token, lexicon_type, hints[role[0]], True)
                country = entity.country_code
            else:
                continue
            candidates[role[0]] = Candidate(role[0], role[1], entity.canonical_name, features, country,
                                            (sentence_index, span.root.i) if span is not None else None)
        for c in candidates.values():
            c.features[f"n_candidates={_bucket(len(candidates))}"] = 1.0
        features = site_features(token, pos, reading, lexicon_type, sentence)
        features[f"n_candidates={_bucket(len(candidates))}"] = 1.0
        # A later mention of a happening already reported ("the talks" after "will hold talks").
        lemma_key = (token.lemma_.lower(), lexicon_type)
        if lemma_key in seen_lemmas:
            features["repeat_lemma"] = 1.0
        if lexicon_type in seen_types:
            features[f"repeat_type={lexicon_type}"] = 1.0
            if reading.actor and (lexicon_type, reading.actor[0]) in seen_types_actor:
                features["repeat_type_actor"] = 1.0
        seen_lemmas.add(lemma_key)
        seen_types.add(lexicon_type)
        if reading.actor:
            seen_types_actor.add((lexicon_type, reading.actor[0]))
        sites.append(Site(sentence_index, sentence, token, pos, reading, features, mode_features(token, reading, extractor),
                          list(candidates.values()), token.idx, (sentence.start_char, sentence.end_char)))
        if not reading.dropped:
            kept_readings.append(reading)
    return sites


def _dot(weights: dict[str, list[float]], features: dict[str, float], n: int) -> list[float]:
    scores = [0.0] * n
    for name, value in features.items():
        w = weights.get(name)
        if w is not None:
            for k in range(n):
                scores[k] += w[k] * value
    return scores


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exp = [math.exp(s - top) for s in scores]
    total = sum(exp)
    return [e / total for e in exp]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)  # no overflow for very negative scores, and never exactly 0
    return z / (1.0 + z)


class LinearModel:
    """A multinomial (or, with one class, binary) logistic model: classes, sparse weights, intercepts."""

    def __init__(self, spec: dict):
        self.classes: list[str] = spec["classes"]
        self.intercept: list[float] = spec["intercept"]
        self.weights: dict[str, list[float]] = spec["weights"]

    def scores(self, features: dict[str, float]) -> list[float]:
        raw = _dot(self.weights, features, len(self.intercept))
        return [r + b for r, b in zip(raw, self.intercept)]

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        s = self.scores(features)
        if len(self.intercept) == 1:  # binary: the score of the positive class
            p = _sigmoid(s[0])
            return {self.classes[0]: 1 - p, self.classes[1]: p}
        return dict(zip(self.classes, _softmax(s)))


@dataclass
class EventModel:
    site: LinearModel
    actor: LinearModel
    recipient: LinearModel
    has_recipient: LinearModel
    mode: LinearModel
    min_confidence: float  # events less likely than this to be right are not emitted

    @classmethod
    def from_dict(cls, spec: dict) -> "EventModel":
        return cls(LinearModel(spec["site"]), LinearModel(spec["actor"]), LinearModel(spec["recipient"]), LinearModel(spec["has_recipient"]),
                   LinearModel(spec["mode"]),
                   spec["min_confidence"])

    def decide(self, site: Site):
        """(event_type, actor, recipient, mode, confidence) for one site, or None."""
        if not site.candidates:
            return None
        types = self.site.proba(site.features)
        event_type, p_type = max(((t, p) for t, p in types.items() if t != NONE), key=lambda tp: tp[1])
        actor_scores = sorted(((self.actor.proba(c.features)["1"], k) for k, c in enumerate(site.candidates)), reverse=True)
        p_actor, best = actor_scores[0]
        actor = site.candidates[best]
        recipient = None
        others = [(self.recipient.proba(recipient_features(actor, c))["1"], k) for k, c in enumerate(site.candidates) if k != best]
        p_has = self.has_recipient.proba(site.features)["1"] if others else 0.0
        p_recipient = 1.0 - p_has
        if others:
            p_best, k = max(others)
            total = sum(p for p, _ in others)
            p_named = p_has * (p_best / total if total > 0 else 1.0 / len(others))
            if p_named > p_recipient:  # the likelier of "no recipient" and the likeliest one named
                recipient, p_recipient = site.candidates[k], p_named
        modes = self.mode.proba(site.mode_features)
        mode = max(MODES, key=lambda m: modes.get(m, 0.0))
        # The chance the whole record (type, actor, recipient, mode) is right, as the factors estimate it.
        confidence = p_type * p_actor * p_recipient * modes[mode]
        if confidence < self.min_confidence:
            return None
        return event_type, actor, recipient, mode, confidence


@lru_cache(maxsize=4)
def load_event_model(path: Path) -> EventModel | None:
    if not path.is_file():
        return None
    return EventModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def extract_learned(model: EventModel, extractor: EventExtractor, doc, article_id, mentions, entities, reference):
    mention_at = extractor.index_mentions(mentions)
    events = []
    for site in build_sites(extractor, doc, mentions, entities, mention_at):
        decision = model.decide(site)
        if decision is None:
            continue
        event_type, actor, recipient, mode, confidence = decision
        events.append(extractor.make_event(
            article_id, site.sentence_index, site.sentence, site.token, site.pos, event_type,
            (actor.entity_id, actor.text), (recipient.entity_id, recipient.text) if recipient else None,
            mode, mention_at, entities, reference, confidence=confidence,
        ))
    return one_event_per_happening(events)
