-- Every article of the partition's stories (its own articles and their copies on other
-- days) is in a story whose first article (story_id) exists, is the earliest member
-- (coalesce(published_at, partition_date), partition_date, article_id) and is not itself
-- a duplicate; duplicate_of = story_id except for that first article.
SELECT a.article_id, a.story_id, a.duplicate_of, f.article_id AS first_article, f.story_id AS first_story, f.duplicate_of AS first_duplicate_of
FROM articles a
LEFT JOIN articles f ON f.article_id = a.story_id
WHERE (a.partition_date = $partition_date
       OR a.story_id IN (SELECT story_id FROM articles WHERE partition_date = $partition_date))
  AND (a.story_id IS NULL
       OR f.article_id IS NULL
       OR f.story_id IS DISTINCT FROM a.story_id
       OR f.duplicate_of IS NOT NULL
       OR a.duplicate_of IS DISTINCT FROM (CASE WHEN a.article_id = a.story_id THEN NULL ELSE a.story_id END)
       OR (coalesce(a.published_at, a.partition_date::TIMESTAMP), a.partition_date, a.article_id)
          < (coalesce(f.published_at, f.partition_date::TIMESTAMP), f.partition_date, f.article_id))
