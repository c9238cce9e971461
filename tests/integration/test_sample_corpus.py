"""The sample corpus loaded by the CLI: the issue's acceptance points on real data."""

from __future__ import annotations

from tests.helpers import SAMPLE_LANDING, count_input_documents, query

SAMPLE_URI = "2021-12-29/000_2ea0c09a0cab73a9.txt"


def _sample_article_id(db):
    rows = query(db, "SELECT article_id FROM articles WHERE source_uri = $uri", {"uri": SAMPLE_URI})
    assert len(rows) == 1, rows
    return rows[0][0]


def test_comment_form_lines_are_cut_and_recorded(sample_db):
    text, title = query(sample_db, "SELECT text, title FROM articles WHERE source_uri = $uri", {"uri": SAMPLE_URI})[0]
    assert title == "Biden and Putin to talk amid growing tensions in Ukraine"
    assert text.startswith("President Biden and Vladimir Putin will speak by telephone on Thursday")
    assert "Leave A Reply" not in text
    assert "Your email address will not be published" not in text
    assert text.rstrip().endswith("The Associated Press contributed to this report.")
    spans = query(
        sample_db, "SELECT text, rule FROM removed_spans WHERE article_id = $id ORDER BY position", {"id": _sample_article_id(sample_db)}
    )
    assert spans == [("Leave A Reply", "comment_form"), ("Your email address will not be published.", "comment_form")]


def test_no_loaded_article_keeps_boilerplate_prompts(sample_db):
    prompts = ["Leave a Reply", "Your email address will not be published", "Comments are closed", "Share this",
               "Subscribe to our newsletter", "All rights reserved", "We use cookies", "Click here"]
    for (source_uri, text) in query(sample_db, "SELECT source_uri, text FROM articles"):
        for prompt in prompts:
            assert prompt.lower() not in text.lower(), (source_uri, prompt)


def test_putin_mentions_resolve_to_vladimir_putin(sample_db):
    article = _sample_article_id(sample_db)
    rows = query(
        sample_db,
        """SELECT e.canonical_name, e.label, list(DISTINCT m.text ORDER BY m.text), count(*)
           FROM entity_mentions m JOIN entities e USING (entity_id)
           WHERE m.article_id = $id AND m.text IN ('Putin', 'Vladimir Putin') GROUP BY ALL""",
        {"id": article},
    )
    assert len(rows) == 1, rows
    name, label, forms, n = rows[0]
    assert (name, label) == ("Vladimir Putin", "PERSON")
    assert forms == ["Putin", "Vladimir Putin"] and n >= 5


def test_no_gpe_entity_biden(sample_db):
    article = _sample_article_id(sample_db)
    biden = query(
        sample_db,
        """SELECT DISTINCT e.canonical_name, e.label FROM entity_mentions m JOIN entities e USING (entity_id)
           WHERE m.article_id = $id AND m.text = 'Biden'""",
        {"id": article},
    )
    assert biden == [("Joe Biden", "PERSON")]
    # spaCy alone tags one of these "Biden" GPE; the alias ruler and the majority vote
    # (tests/unit/test_entities.py) both keep every mention with the person.
    assert query(sample_db, "SELECT count(*) FROM entity_mentions WHERE article_id = $id AND text = 'Biden'", {"id": article})[0][0] >= 5
    assert query(sample_db, "SELECT count(*) FROM entities WHERE label = 'GPE' AND canonical_name LIKE '%Biden%'")[0][0] == 0


def test_one_united_states_entity_with_short_forms(sample_db):
    article = _sample_article_id(sample_db)
    rows = query(
        sample_db,
        """SELECT e.entity_id, e.canonical_name, e.country_code, list(DISTINCT lower(m.text) ORDER BY lower(m.text))
           FROM entity_mentions m JOIN entities e USING (entity_id)
           WHERE m.article_id = $id AND m.text IN ('US', 'the United States', 'The United States') GROUP BY ALL""",
        {"id": article},
    )
    assert len(rows) == 1, rows
    _, name, country, forms = rows[0]
    assert (name, country) == ("United States", "US")
    assert forms == ["the united states", "us"]


def test_blinken_short_name_resolves_to_full_name(sample_db):
    article = _sample_article_id(sample_db)
    rows = query(
        sample_db,
        """SELECT DISTINCT e.canonical_name, e.label FROM entity_mentions m JOIN entities e USING (entity_id)
           WHERE m.article_id = $id AND m.text LIKE '%Blinken'""",
        {"id": article},
    )
    assert rows == [("Antony J. Blinken", "PERSON")]


def test_consult_biden_putin_future_on_thursday(sample_db):
    article = _sample_article_id(sample_db)
    rows = query(
        sample_db,
        """SELECT a.canonical_name, r.canonical_name, v.mode, v.event_date::VARCHAR, v.date_text, v.trigger, v.sentence
           FROM events v JOIN entities a ON a.entity_id = v.actor_entity_id JOIN entities r ON r.entity_id = v.recipient_entity_id
           WHERE v.article_id = $id AND v.event_type = 'CONSULT' AND v.quad_class = 'verbal_cooperation'""",
        {"id": article},
    )
    assert ("Joe Biden", "Vladimir Putin", "future", "2021-12-30", "Thursday") in [r[:5] for r in rows], rows


def test_event_evidence_offsets_point_at_the_sentence(sample_db):
    rows = query(
        sample_db,
        "SELECT substring(a.text, v.start_char + 1, v.end_char - v.start_char), v.sentence, v.trigger FROM events v JOIN articles a USING (article_id)",
    )
    assert rows
    for at_offsets, sentence, trigger in rows:
        assert at_offsets.strip() == sentence and trigger in sentence


def test_every_input_document_is_loaded_or_rejected(sample_db):
    days = [d.name for d in sorted(SAMPLE_LANDING.iterdir()) if d.is_dir()]
    assert len(days) >= 3
    for day in days:
        expected = count_input_documents(SAMPLE_LANDING, day)
        loaded = query(sample_db, "SELECT count(*) FROM articles WHERE partition_date = $d::DATE", {"d": day})[0][0]
        rejected = query(sample_db, "SELECT count(*) FROM rejected_documents WHERE partition_date = $d::DATE", {"d": day})[0][0]
        assert loaded + rejected == expected, (day, loaded, rejected, expected)
    # The sample corpus exercises both rejection paths.
    reasons = {r[0] for r in query(sample_db, "SELECT stage || '/' || reason FROM rejected_documents")}
    assert {"read/invalid_json", "quality/too_short"} <= reasons


def test_every_input_kind_is_loaded(sample_db):
    formats = {r[0] for r in query(sample_db, "SELECT DISTINCT input_format FROM articles")}
    assert formats == {"html", "txt", "json"}
    gz = query(sample_db, "SELECT count(*) FROM articles WHERE source_uri LIKE '%.html.gz'")[0][0]
    assert gz == 1


def test_publication_dates_keep_their_source(sample_db):
    rows = dict(query(sample_db, "SELECT source_uri, published_at_source || ' ' || coalesce(published_at::VARCHAR, '') FROM articles"))
    assert rows["2021-12-29/wire-kyiv-border.html"] == "json-ld 2021-12-29 14:05:00"
    assert rows["2022-01-05/kazakhstan-unrest.html.gz"] == "url 2022-01-05 00:00:00"
    assert rows[SAMPLE_URI] == "none "
