-- The day's repeated-line counts from the staged shards (pipeline/clean/learned.py):
-- one row per (domain, line), summed over shards. Runs inside the loader's transaction
-- after sql/load/replace_partition.sql; $files are the staged Parquet files.
-- article_keys keeps the $key_sample smallest keys of the day, as each shard does.
INSERT INTO source_line_counts BY NAME
SELECT source_domain,
       line_hash,
       min(line_text) AS line_text,
       partition_date,
       min(run_id) AS run_id,
       sum(articles)::INTEGER AS articles,
       list_sort(list_distinct(flatten(list(article_keys))))[1:$key_sample] AS article_keys
FROM read_parquet($files, union_by_name = true)
GROUP BY source_domain, line_hash, partition_date
ORDER BY source_domain, line_hash;
