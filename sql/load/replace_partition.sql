-- Replace one partition's rows with the staged ones. Runs inside the loader's
-- transaction; $partition_date and the staged file lists are bound parameters.
-- (Statements are separated by ';' on a line of their own: see pipeline/load/duckdb_loader.py.)
DELETE FROM articles WHERE partition_date = $partition_date;
DELETE FROM removed_spans WHERE partition_date = $partition_date;
DELETE FROM rejected_documents WHERE partition_date = $partition_date;
DELETE FROM entity_mentions WHERE partition_date = $partition_date;
DELETE FROM events WHERE partition_date = $partition_date;
DELETE FROM pipeline_runs WHERE partition_date = $partition_date;
