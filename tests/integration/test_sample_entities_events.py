"""Issue 3's acceptance points on the user's sample article, loaded by the CLI."""

from __future__ import annotations

from tests.helpers import query

SAMPLE_URI = "2021-12-29/000_2ea0c09a0cab73a9.txt"


def _entities(db):
    return query(
        db,
        """SELECT DISTINCT e.canonical_name, e.label, e.country_code, e.lat, e.lon
           FROM entity_mentions m JOIN entities e USING (entity_id) JOIN articles a USING (article_id)
           WHERE a.source_uri = $uri""",
        {"uri": SAMPLE_URI},
    )


def _events(db):
    return query(
        db,
        """SELECT v.event_type, ac.canonical_name, ac.label, rc.canonical_name, v.mode, v.event_date::VARCHAR
           FROM events v JOIN articles a USING (article_id)
           LEFT JOIN entities ac ON ac.entity_id = v.actor_entity_id
           LEFT JOIN entities rc ON rc.entity_id = v.recipient_entity_id
           WHERE a.source_uri = $uri""",
        {"uri": SAMPLE_URI},
    )


def test_sample_entities(sample_db):
    by_name = {row[0]: row for row in _entities(sample_db)}
    expected = {
        "Vladimir Putin": "PERSON", "Joe Biden": "PERSON", "Antony J. Blinken": "PERSON", "Volodymyr Zelensky": "PERSON",
        "Ned Price": "PERSON", "Ukraine": "GPE", "Russia": "GPE", "United States": "GPE", "NATO": "ORG", "Geneva": "GPE",
    }
    for name, label in expected.items():
        assert name in by_name and by_name[name][1] == label, (name, by_name.get(name))
    assert ("State", "ORG") not in {(r[0], r[1]) for r in by_name.values()}
    _, _, code, lat, lon = by_name["Ukraine"]
    assert code == "UA" and 44 < lat < 53 and 22 < lon < 41  # inside Ukraine's bounding box
    assert by_name["Geneva"][2] == "CH"


def test_sample_one_entity_per_name(sample_db):
    rows = query(
        sample_db,
        """SELECT m.text, count(DISTINCT m.entity_id) FROM entity_mentions m JOIN articles a USING (article_id)
           WHERE a.source_uri = $uri AND m.text IN ('Putin', 'Vladimir Putin', 'US', 'the United States', 'The United States')
           GROUP BY m.text""",
        {"uri": SAMPLE_URI},
    )
    assert all(n == 1 for _, n in rows)
    ids = query(
        sample_db,
        """SELECT count(DISTINCT m.entity_id) FILTER (WHERE m.text LIKE '%Putin'),
                  count(DISTINCT m.entity_id) FILTER (WHERE m.text IN ('US', 'the United States', 'The United States'))
           FROM entity_mentions m JOIN articles a USING (article_id) WHERE a.source_uri = $uri""",
        {"uri": SAMPLE_URI},
    )
    assert ids == [(1, 1)]


def test_sample_events(sample_db):
    events = _events(sample_db)
    simple = {(t, a, r, m) for t, a, _, r, m, _ in events}
    assert ("CONSULT", "Joe Biden", "Vladimir Putin", "future") in simple
    assert ("CONSULT", "Joe Biden", "Vladimir Putin", "future", "2021-12-30") in {(t, a, r, m, d) for t, a, _, r, m, d in events}
    assert ("CONSULT", "Antony J. Blinken", "Volodymyr Zelensky", "asserted") in simple
    assert any(t == "MOBILIZE" and a == "Russia" for t, a, *_ in events)
    assert any(t in ("SANCTION", "THREATEN") and a == "United States" and r == "Russia" for t, a, _, r, *_ in events)
    assert any(t == "REQUEST" and a == "Russia" and r == "NATO" for t, a, _, r, *_ in events)


def test_no_event_has_a_date_place_or_nationality_as_actor(sample_db):
    rows = query(
        sample_db,
        """SELECT e.canonical_name, e.label FROM events v JOIN entities e ON e.entity_id = v.actor_entity_id""",
    )
    assert rows
    for name, label in rows:
        assert label in ("PERSON", "ORG", "GPE"), (name, label)
    places = query(
        sample_db,
        """SELECT DISTINCT e.canonical_name FROM events v JOIN entities e ON e.entity_id = v.actor_entity_id
           WHERE e.canonical_name IN ('Geneva', 'Moscow', 'Washington', 'Eastern Europe', 'Almaty', 'Kyiv')""",
    )
    assert places == []


def test_negated_and_hypothetical_events_are_kept_but_flagged(sample_db):
    modes = {m for (m,) in query(sample_db, "SELECT DISTINCT mode FROM events")}
    assert {"asserted", "future", "hypothetical"} <= modes
    # Analysts' fact counts exclude them: the pair query keeps only asserted events.
    assert query(sample_db, "SELECT count(*) FROM events WHERE mode NOT IN ('asserted', 'negated', 'future', 'hypothetical')")[0][0] == 0
