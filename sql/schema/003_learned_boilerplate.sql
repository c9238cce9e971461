-- Boilerplate learned per source domain (pipeline/clean/learned.py). process_shard
-- records, for every document of a day with a source domain, the distinct short
-- paragraphs (<= 40 words) the seed patterns leave, counted before the learned cut;
-- the loader replaces the day's rows with the partition. A line is learned for a
-- domain from the other days' rows: >= MIN_DAYS (2) days, >= NEWSETL_LEARNED_MIN_ARTICLES
-- distinct articles. Days loaded before this migration have no rows until rerun.

CREATE TABLE IF NOT EXISTS source_line_counts (
    source_domain  VARCHAR NOT NULL,
    line_hash      BIGINT NOT NULL,     -- first 8 bytes of sha256 of the normalised paragraph (signed)
    line_text      VARCHAR NOT NULL,    -- the paragraph as it appears in articles.text (smallest variant of the day)
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    articles       INTEGER NOT NULL,    -- documents of the day containing it (loaded or rejected as too short)
    article_keys   BIGINT[] NOT NULL    -- the smallest 32 hashes of those documents' URLs: distinct articles across days
);

ALTER TABLE pipeline_runs ADD COLUMN learned_lines INTEGER;

COMMENT ON COLUMN pipeline_runs.learned_lines IS 'learned boilerplate lines (domain, line) in effect when the day was processed (learned from the other days)';
