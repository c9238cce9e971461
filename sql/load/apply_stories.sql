-- Write the story clustering computed by pipeline/load/duckdb_loader.py (dedup_assignment:
-- article_id -> story_id, for every article sql/load/cluster_stories.sql reached) and
-- drop the temp tables. Only rows whose values change are updated.
UPDATE articles SET
    story_id = s.story_id,
    duplicate_of = CASE WHEN articles.article_id = s.story_id THEN NULL ELSE s.story_id END
FROM dedup_assignment AS s
WHERE articles.article_id = s.article_id
  AND (articles.story_id IS DISTINCT FROM s.story_id
       OR articles.duplicate_of IS DISTINCT FROM (CASE WHEN articles.article_id = s.story_id THEN NULL ELSE s.story_id END));
DROP TABLE IF EXISTS dedup_nodes;
DROP TABLE IF EXISTS dedup_edges;
DROP TABLE IF EXISTS dedup_touched;
DROP TABLE IF EXISTS dedup_new;
DROP TABLE IF EXISTS dedup_seed_stories;
