-- Replace one partition's rows with the staged ones. Runs inside the loader's
-- transaction; $partition_date and the staged file lists are bound parameters.
-- (Statements are separated by ';' on a line of their own: see pipeline/load/duckdb_loader.py.)

-- Stories that lose a member when the partition's old rows go: sql/load/cluster_stories.sql
-- re-checks that what is left of them is still connected.
CREATE OR REPLACE TEMP TABLE dedup_seed_stories AS
SELECT DISTINCT story_id FROM articles WHERE partition_date = $partition_date AND story_id IS NOT NULL;
DELETE FROM articles WHERE partition_date = $partition_date;
DELETE FROM removed_spans WHERE partition_date = $partition_date;
DELETE FROM rejected_documents WHERE partition_date = $partition_date;
DELETE FROM entity_mentions WHERE partition_date = $partition_date;
DELETE FROM events WHERE partition_date = $partition_date;
DELETE FROM article_fingerprints WHERE partition_date = $partition_date;
DELETE FROM article_lsh_bands WHERE partition_date = $partition_date;
DELETE FROM source_line_counts WHERE partition_date = $partition_date;
DELETE FROM pipeline_runs WHERE partition_date = $partition_date;
