"""spaCy over clean texts -> mentions, entities, events, themes and tone.

The one code path for NLP: process_shard uses it for the pipeline, the gold-set
evaluation (pipeline/evaluation.py, bench/nlp_quality.py) for measuring it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.config import Settings


@dataclass
class Annotation:
    mentions: list  # pipeline.nlp.entities.Mention
    entities: dict  # entity_id -> Entity (the article's, including linked countries)
    events: list  # pipeline.nlp.events.Event
    themes: list[str]
    tone: float


class Annotator:
    def __init__(self, settings: Settings, learned_events: bool = True):
        from pipeline.nlp.entities import EntityResolver
        from pipeline.nlp.event_model import load_event_model
        from pipeline.nlp.events import EventExtractor
        from pipeline.nlp.model import load_nlp
        from pipeline.nlp.themes import load_lexicons

        self.settings = settings
        self.nlp = load_nlp(settings.spacy_model, settings.reference_dir / "entity_aliases.csv")
        self.resolver = EntityResolver(settings.reference_dir)
        self.extractor = EventExtractor(settings.reference_dir, self.resolver)
        self.lexicons = load_lexicons(settings.reference_dir)
        # The learned event coder when its weights are there (seeds/event_model.json), else the rules alone.
        # (The trainer parses without it: it trains the model.)
        weights = settings.reference_dir / "event_model.json"
        self.event_model = load_event_model(weights) if learned_events else None
        if learned_events and self.event_model is None:
            logging.getLogger(__name__).warning(
                "%s not found: events come from the rules alone, and their confidence is a heuristic, "
                "not the learned coder's estimate", weights)

    def parse(self, items: Iterable[tuple[str, Any]]) -> Iterator[tuple[Any, Any, list, dict]]:
        """items: (text, context); yields (context, doc, mentions, entities) in order.

        The docs live in one spaCy memory zone: use each before asking for the next."""
        from pipeline.nlp.entities import mentions_from_doc

        with self.nlp.memory_zone():  # keeps long runs from growing the vocabulary without bound
            parsed = self.nlp.pipe(
                items,
                as_tuples=True,
                batch_size=self.settings.spacy_batch_size,
                n_process=self.settings.spacy_processes,
            )
            for doc, context in parsed:
                mentions = mentions_from_doc(doc)
                entities = self.resolver.resolve(mentions)
                yield context, doc, mentions, entities

    def annotate(self, items: Iterable[tuple[str, str, date, Any]]) -> Iterator[tuple[Any, Annotation]]:
        """items: (article_id, text, reference date, context); yields (context, annotation) in order."""
        from pipeline.nlp.event_model import extract_learned
        from pipeline.nlp.themes import themes_and_tone

        keyed = ((text, (article_id, reference, context)) for article_id, text, reference, context in items)
        for (article_id, reference, context), doc, mentions, entities in self.parse(keyed):
            if self.event_model is not None:
                events = extract_learned(self.event_model, self.extractor, doc, article_id, mentions, entities, reference)
            else:
                events = self.extractor.extract(doc, article_id, mentions, entities, reference)
            themes, tone = themes_and_tone([t.lemma_ for t in doc if t.is_alpha], self.lexicons)
            yield context, Annotation(mentions, entities, events, themes, tone)
