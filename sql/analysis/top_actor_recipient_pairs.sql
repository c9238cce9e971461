-- Who does what to whom: asserted events between named actor and recipient, most frequent pairs first.
SELECT a.canonical_name AS actor,
       r.canonical_name AS recipient,
       v.event_type,
       count(*)                         AS events,
       count(DISTINCT v.article_id)     AS articles,
       min(v.event_date)                AS first_date,
       max(v.event_date)                AS last_date,
       any_value(v.sentence ORDER BY v.confidence DESC, v.event_id) AS example
FROM events v
JOIN entities a ON a.entity_id = v.actor_entity_id
JOIN entities r ON r.entity_id = v.recipient_entity_id
WHERE v.mode = 'asserted'
GROUP BY ALL
ORDER BY events DESC, actor, recipient, v.event_type
LIMIT 50;
