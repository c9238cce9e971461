-- Every mention, event and removed span points at a loaded article and known entities.
SELECT 'mention->entity' AS reference, m.article_id, m.entity_id AS missing_id
FROM entity_mentions m LEFT JOIN entities e USING (entity_id)
WHERE m.partition_date = $partition_date AND e.entity_id IS NULL
UNION ALL
SELECT 'event->article', v.article_id, v.article_id
FROM events v LEFT JOIN articles a USING (article_id)
WHERE v.partition_date = $partition_date AND a.article_id IS NULL
UNION ALL
SELECT 'event->actor', v.article_id, v.actor_entity_id
FROM events v LEFT JOIN entities e ON e.entity_id = v.actor_entity_id
WHERE v.partition_date = $partition_date AND v.actor_entity_id IS NOT NULL AND e.entity_id IS NULL
UNION ALL
SELECT 'event->recipient', v.article_id, v.recipient_entity_id
FROM events v LEFT JOIN entities e ON e.entity_id = v.recipient_entity_id
WHERE v.partition_date = $partition_date AND v.recipient_entity_id IS NOT NULL AND e.entity_id IS NULL
UNION ALL
SELECT 'removed_span->article', s.article_id, s.article_id
FROM removed_spans s LEFT JOIN articles a USING (article_id)
WHERE s.partition_date = $partition_date AND a.article_id IS NULL
