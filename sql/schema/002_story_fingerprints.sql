-- Near-duplicate fingerprints (issue 4): computed per article by process_shard
-- (pipeline/clean/dedup.py), staged per partition like every fact table, and used
-- by the loader to cluster copies of one story across the whole history into
-- articles.story_id / articles.duplicate_of. Rows loaded before this migration have
-- no fingerprint (they cluster by exact content_hash only) until their day is rerun.

CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id     VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    shingle_count  INTEGER NOT NULL,    -- distinct word 5-shingles of the normalised text
    minhash        UINTEGER[] NOT NULL  -- MinHash signature; share of equal positions estimates Jaccard similarity
);

CREATE TABLE IF NOT EXISTS article_lsh_bands (
    article_id     VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    band           SMALLINT NOT NULL,   -- 0-based band of the signature
    band_key       BIGINT NOT NULL      -- hash of the band number and its signature values: equal keys = candidate pair
);

COMMENT ON COLUMN articles.story_id IS 'near-duplicate cluster (exact and near copies across all loaded days): the article_id of its earliest article';

COMMENT ON COLUMN articles.duplicate_of IS 'article_id of the earliest copy of the story (= story_id); NULL for that earliest copy itself';
