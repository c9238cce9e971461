-- Story clustering after a partition was replaced (inside the loader's transaction).
-- Two articles are copies when their texts are identical (content_hash) or their
-- MinHash signatures agree on at least $threshold of the positions (estimated Jaccard
-- similarity of the word 5-shingles, see pipeline/clean/dedup.py); a story is a
-- connected component of "is a copy of" over ALL loaded articles, and its id is its
-- earliest member (coalesce(published_at, partition_date), partition_date, article_id).
--
-- Only what the load can change is recomputed. Input temp tables:
--   dedup_new(article_id)         the partition's new articles (all articles for a full re-cluster)
--   dedup_seed_stories(story_id)  stories that had a row of the replaced partition (sql/load/replace_partition.sql)
-- Output temp tables, read by pipeline/load/duckdb_loader.py:
--   dedup_edges(a, b)             verified copy pairs that need checking
--   dedup_nodes(article_id, old_story, rank)
-- Why this is exact: a pair of old rows is a copy or not whatever is loaded, so an old
-- story without a replaced row is still connected as it was (old_story groups it);
-- the stories that lost rows are re-checked pair by pair (dedup_touched), and every
-- edge of a new article is found through the LSH bands or content_hash.

CREATE OR REPLACE TEMP TABLE dedup_touched AS
SELECT article_id, true AS is_new FROM dedup_new
UNION ALL
SELECT article_id, false AS is_new FROM articles
WHERE story_id IN (SELECT story_id FROM dedup_seed_stories)
  AND article_id NOT IN (SELECT article_id FROM dedup_new);

CREATE OR REPLACE TEMP TABLE dedup_edges AS
WITH touched_bands AS (
    SELECT b.article_id, b.band, b.band_key, t.is_new
    FROM article_lsh_bands b JOIN dedup_touched t USING (article_id)
), band_pairs AS (
    SELECT DISTINCT least(x.article_id, y.article_id) AS a, greatest(x.article_id, y.article_id) AS b
    FROM touched_bands x
    JOIN article_lsh_bands y ON y.band_key = x.band_key AND y.band = x.band AND y.article_id <> x.article_id
    WHERE x.is_new OR y.article_id IN (SELECT article_id FROM dedup_touched)
), near AS (
    SELECT p.a, p.b
    FROM band_pairs p
    JOIN article_fingerprints fa ON fa.article_id = p.a
    JOIN article_fingerprints fb ON fb.article_id = p.b
    WHERE len(fa.minhash) = len(fb.minhash)
      AND list_sum(list_transform(range(1, len(fa.minhash) + 1), lambda i: (fa.minhash[i] = fb.minhash[i])::INTEGER))
          >= $threshold * len(fa.minhash)
), exact AS (
    SELECT least(x.article_id, y.article_id) AS a, greatest(x.article_id, y.article_id) AS b
    FROM articles x
    JOIN dedup_touched t ON t.article_id = x.article_id
    JOIN articles y ON y.content_hash = x.content_hash AND y.article_id <> x.article_id
    WHERE t.is_new OR y.article_id IN (SELECT article_id FROM dedup_touched)
)
SELECT DISTINCT a, b FROM (SELECT a, b FROM near UNION ALL SELECT a, b FROM exact);

CREATE OR REPLACE TEMP TABLE dedup_nodes AS
WITH reached AS (
    SELECT article_id FROM dedup_touched
    UNION SELECT a FROM dedup_edges
    UNION SELECT b FROM dedup_edges
), intact_stories AS (
    SELECT DISTINCT x.story_id
    FROM articles x JOIN reached USING (article_id)
    WHERE x.story_id IS NOT NULL
      AND x.article_id NOT IN (SELECT article_id FROM dedup_touched)
)
SELECT x.article_id,
       CASE WHEN x.article_id IN (SELECT article_id FROM dedup_touched) THEN NULL ELSE x.story_id END AS old_story,
       row_number() OVER (ORDER BY coalesce(x.published_at, x.partition_date::TIMESTAMP), x.partition_date, x.article_id) AS rank
FROM articles x
WHERE x.article_id IN (SELECT article_id FROM reached)
   OR x.story_id IN (SELECT story_id FROM intact_stories);
