-- Columns derived across partitions, recomputed as a pure function of the loaded
-- rows so that load order never changes the result.

-- Entities nobody mentions any more (their partition was replaced) go.
DELETE FROM entities
WHERE entity_id NOT IN (SELECT entity_id FROM entity_mentions)
  AND entity_id NOT IN (SELECT actor_entity_id FROM events WHERE actor_entity_id IS NOT NULL)
  AND entity_id NOT IN (SELECT recipient_entity_id FROM events WHERE recipient_entity_id IS NOT NULL);

UPDATE entities SET aliases = coalesce(seen.aliases, [])
FROM (
    SELECT e.entity_id, array_agg(DISTINCT m.text ORDER BY m.text) FILTER (WHERE m.text IS NOT NULL) AS aliases
    FROM entities e LEFT JOIN entity_mentions m USING (entity_id)
    GROUP BY e.entity_id
) AS seen
WHERE entities.entity_id = seen.entity_id;

-- Stories (exact and near copies, articles.story_id / duplicate_of) are clustered
-- after this file by sql/load/cluster_stories.sql and pipeline/clean/dedup.py.
