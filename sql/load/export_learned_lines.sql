-- What process_shard learns boilerplate from (pipeline/clean/learned.py): the
-- source_line_counts rows of lines seen on at least $min_days days. A line on fewer
-- days can be learned for no day (learning leaves the processed day out and needs
-- $min_days other days), so the export stays small: repeated lines only.
-- Read by pipeline/load/duckdb_loader.py after each committed load and written to
-- Settings.learned_lines_path.
SELECT source_domain, line_hash, line_text, partition_date, articles, article_keys
FROM source_line_counts
QUALIFY count(*) OVER (PARTITION BY source_domain, line_hash) >= $min_days
ORDER BY source_domain, line_hash, partition_date;
