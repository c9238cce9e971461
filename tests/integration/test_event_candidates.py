"""What the learned coder knows of each candidate at a trigger site, on real parses
(en_core_web_sm): the country it is or speaks for, and whether it only reports the event."""

from __future__ import annotations

import pytest

from pipeline.config import Settings


@pytest.fixture(scope="module")
def sites_of():
    from pipeline.nlp.annotate import Annotator
    from pipeline.nlp.event_model import build_sites

    annotator = Annotator(Settings(), learned_events=False)

    def parse(text):
        # Sites are built while the parse is alive: parse() frees each doc's strings after it.
        return [build_sites(annotator.extractor, doc, mentions, entities) for _, doc, mentions, entities in annotator.parse([(text, None)])][0]

    return parse


def _candidates(sites, text, trigger):
    """The candidates at the site of the trigger word's first occurrence in text."""
    site = next(s for s in sites if s.token_idx == text.index(trigger))
    return {c.canonical_name: c for c in site.candidates}


def test_a_title_or_qualifier_tells_whose_official_or_institution_it_is(sites_of):
    text = ("Russian President Vladimir Putin met U.S. Secretary of State Antony Blinken in Geneva on Friday. "
            "Russia's Foreign Ministry accused Ukraine of shelling Donetsk.")
    sites = sites_of(text)
    met = _candidates(sites, text, "met")
    assert met["Vladimir Putin"].country == "RU"
    assert met["Antony J. Blinken"].country == "US"
    accused = _candidates(sites, text, "accused")
    assert accused["Russian Foreign Ministry"].country == "RU"
    assert accused["Ukraine"].country == "UA"


def test_the_speaker_of_reported_speech_is_marked(sites_of):
    text = "Secretary of State Antony Blinken said Washington would not send troops to Haiti."
    send = _candidates(sites_of(text), text, "send")
    assert "speaker" in send["Antony J. Blinken"].features
    assert "speaker" not in send["United States"].features


def test_an_actor_and_its_own_official_are_a_same_country_pair(sites_of):
    from pipeline.nlp.event_model import pair_features

    text = "U.S. Secretary of State Antony Blinken said Washington would impose sanctions on Russia."
    impose = _candidates(sites_of(text), text, "sanctions")
    us, blinken, russia = impose["United States"], impose["Antony J. Blinken"], impose["Russia"]
    assert pair_features(us, blinken).get("pair_same_country") == 1.0
    assert pair_features(us, russia).get("pair_other_country") == 1.0
    assert pair_features(us, russia).get("pair_order=after") == 1.0


def test_the_country_before_a_name_is_looked_for_in_its_own_sentence_only(sites_of):
    text = "Thousands of migrants crossed into Belarus. Putin accused Kyiv of shelling Donetsk."
    accused = _candidates(sites_of(text), text, "accused")
    assert accused["Vladimir Putin"].country is None


def test_a_pronoun_the_rules_resolve_keeps_the_country_of_its_named_mention(sites_of):
    text = "Russian President Vladimir Putin arrived in Geneva on Monday. He accused Ukraine of shelling Donetsk."
    accused = _candidates(sites_of(text), text, "accused")
    assert accused["Vladimir Putin"].text == "He"  # the rules' reading of the pronoun
    assert accused["Vladimir Putin"].country == "RU"
