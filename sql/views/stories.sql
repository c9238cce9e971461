-- One row per story: an article and all its exact and near copies (syndicated wire
-- copies, lightly edited rewrites) across every loaded day. story_id is the article_id
-- of the earliest copy (by coalesce(published_at, partition_date), then partition_date,
-- then article_id); `copies` counts every article of the story, the first included.
--   distinct stories:           SELECT count(*) FROM stories
--   syndicated stories:         SELECT * FROM stories WHERE copies > 1 ORDER BY copies DESC
CREATE OR REPLACE VIEW stories AS
SELECT s.story_id,
       s.story_id AS first_article_id,
       any_value(s.title ORDER BY s.is_first DESC, s.article_id) AS first_title,
       any_value(s.source ORDER BY s.is_first DESC, s.article_id) AS first_source,
       count(*) AS copies,
       count(DISTINCT s.source) AS sources,
       list(DISTINCT s.source ORDER BY s.source) AS source_list,
       min(s.seen_at) AS first_seen,
       max(s.seen_at) AS last_seen,
       min(s.partition_date) AS first_partition_date,
       max(s.partition_date) AS last_partition_date
FROM (
    SELECT coalesce(a.story_id, a.article_id) AS story_id,
           a.article_id, a.title, a.partition_date,
           coalesce(a.source_domain, a.source_name, '(unknown)') AS source,
           coalesce(a.published_at, a.partition_date::TIMESTAMP) AS seen_at,
           a.article_id = coalesce(a.story_id, a.article_id) AS is_first
    FROM articles a
) AS s
GROUP BY s.story_id;
