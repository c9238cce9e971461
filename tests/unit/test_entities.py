"""Entity resolution rules on hand-made mentions (no spaCy needed)."""

from __future__ import annotations

from pipeline.config import Settings
from pipeline.nlp.entities import EntityResolver, Mention, name_key


def _mention(text, label, i):
    return Mention(start_char=i * 10, end_char=i * 10 + len(text), text=text, label=label, sentence_index=i, start_token=i * 3, end_token=i * 3 + len(text.split()))


def _resolve(*pairs):
    mentions = [_mention(text, label, i) for i, (text, label) in enumerate(pairs)]
    entities = EntityResolver(Settings().reference_dir).resolve(mentions)
    return mentions, entities


def test_one_label_by_majority_a_mistagged_mention_creates_no_place():
    mentions, entities = _resolve(("Kuleba", "PERSON"), ("Kuleba", "GPE"), ("Kuleba", "PERSON"), ("Dmytro Kuleba", "PERSON"))
    assert len(entities) == 1
    (entity,) = entities.values()
    assert (entity.canonical_name, entity.label) == ("Dmytro Kuleba", "PERSON")
    assert {m.entity_id for m in mentions} == {entity.entity_id}


def test_tie_goes_to_the_label_of_the_longest_mention():
    _, entities = _resolve(("Ned Price", "PERSON"), ("Price", "ORG"))
    assert [(e.canonical_name, e.label) for e in entities.values()] == [("Ned Price", "PERSON")]


def test_short_name_joins_the_one_longer_name_only():
    mentions, entities = _resolve(("Joe Smith", "PERSON"), ("Anna Smith", "PERSON"), ("Smith", "PERSON"))
    names = {entities[m.entity_id].canonical_name for m in mentions}
    assert names == {"Joe Smith", "Anna Smith", "Smith"}  # ambiguous: "Smith" stays itself


def test_country_short_forms_are_one_entity_with_code_and_coordinates():
    mentions, entities = _resolve(("US", "GPE"), ("the United States", "GPE"), ("U.S.", "GPE"), ("Ukraine", "GPE"))
    us = {m.entity_id for m in mentions[:3]}
    assert len(us) == 1
    united_states = entities[us.pop()]
    assert (united_states.canonical_name, united_states.country_code) == ("United States", "US")
    ukraine = entities[mentions[3].entity_id]
    assert ukraine.country_code == "UA" and 44 < ukraine.lat < 53 and 22 < ukraine.lon < 41


def test_regions_are_not_merged_into_longer_regions():
    mentions, _ = _resolve(("Eastern Europe", "LOC"), ("Europe", "LOC"))
    assert mentions[0].entity_id != mentions[1].entity_id


def test_acronym_resolves_to_the_full_name_in_the_article():
    mentions, entities = _resolve(("Tigray People's Liberation Front", "ORG"), ("TPLF", "ORG"))
    assert {entities[m.entity_id].canonical_name for m in mentions} == {"Tigray People's Liberation Front"}


def test_nationality_links_to_its_country_and_acts_for_it():
    resolver = EntityResolver(Settings().reference_dir)
    russian = resolver.entity("Russian", "NORP")
    assert russian.country_code == "RU"
    assert resolver.as_actor(russian).canonical_name == "Russia"


def test_capitals_act_for_their_government_other_places_do_not_act():
    resolver = EntityResolver(Settings().reference_dir)
    assert resolver.as_actor(resolver.entity("Moscow", "GPE")).canonical_name == "Russia"
    assert resolver.as_actor(resolver.entity("Kremlin", "ORG")).canonical_name == "Russia"
    assert resolver.as_actor(resolver.entity("Geneva", "GPE")) is None
    assert resolver.as_actor(resolver.entity("Eastern Europe", "LOC")) is None


def test_name_key_drops_article_and_possessive():
    assert name_key("the United States’s") == "United States"
    assert name_key("The  Kremlin") == "Kremlin"


def _resolve_qualified(*triples):
    """(text, label, qualifier) mentions: the qualifier is the entity written right before."""
    mentions = [_mention(text, label, i) for i, (text, label, _) in enumerate(triples)]
    for m, (_, _, qualifier) in zip(mentions, triples):
        m.qualifier = qualifier
    entities = EntityResolver(Settings().reference_dir).resolve(mentions)
    return [entities[m.entity_id].canonical_name for m in mentions]


def test_an_institution_takes_the_country_written_before_it():
    assert _resolve_qualified(
        ("Foreign Ministry", "ORG", "Russia's"), ("Foreign Ministry", "ORG", "Ukraine's"), ("Defense Ministry", "ORG", "Chinese"),
        ("Foreign Ministry", "ORG", "South Sudan's"),
    ) == ["Russian Foreign Ministry", "Ukrainian Foreign Ministry", "Chinese Defense Ministry", "South Sudanese Foreign Ministry"]


def test_a_bare_institution_follows_its_qualified_mentions_only_when_they_agree():
    assert _resolve_qualified(("Defense Ministry", "ORG", "Russia's"), ("Defense Ministry", "ORG", None)) == [
        "Russian Defense Ministry", "Russian Defense Ministry"]
    # Two countries' ministries in the article: a bare "Foreign Ministry" is not guessed.
    names = _resolve_qualified(("Foreign Ministry", "ORG", "Russia's"), ("Foreign Ministry", "ORG", "Ukraine's"), ("Foreign Ministry", "ORG", None))
    assert names[2] == "Foreign Ministry"
    # Nobody's "Congress" is invented from other countries in the article.
    assert _resolve_qualified(("Russia", "GPE", None), ("Congress", "ORG", None)) == ["Russia", "Congress"]


def test_a_nationality_led_span_is_the_nationality():
    mentions, entities = _resolve(("Russian Mi-24", "ORG"), ("Ukrainian navy", "ORG"), ("Turkish Airlines", "ORG"), ("Russian Foreign Ministry", "ORG"))
    names = [entities[m.entity_id].canonical_name for m in mentions]
    # Designations and common nouns are not names; a company or an institution keeps its name.
    assert names[:2] == ["Russian", "Ukrainian"]
    assert names[2:] == ["Turkish Airlines", "Russian Foreign Ministry"]
    assert [m.text for m in mentions[:2]] == ["Russian", "Ukrainian"] and mentions[0].end_token == mentions[0].start_token + 1
