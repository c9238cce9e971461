-- Daily mentions of the most mentioned people, organisations and countries:
-- articles mentioning each entity per partition day (use it for coverage timelines).
WITH top_entities AS (
    SELECT entity_id
    FROM entity_mentions m JOIN entities e USING (entity_id)
    WHERE e.label IN ('PERSON', 'ORG', 'GPE')
    GROUP BY entity_id
    ORDER BY count(DISTINCT m.article_id) DESC, entity_id
    LIMIT 20
)
SELECT m.partition_date AS day,
       e.canonical_name,
       e.label,
       count(*)                     AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM entity_mentions m
JOIN entities e USING (entity_id)
WHERE m.entity_id IN (SELECT entity_id FROM top_entities)
GROUP BY ALL
ORDER BY day, articles DESC, e.canonical_name;
