-- Every input document is loaded or rejected: documents_in = loaded + rejected,
-- and the recorded counts match the rows actually in the tables.
SELECT r.partition_date, r.documents_in, r.documents_loaded, r.documents_rejected,
       (SELECT count(*) FROM articles a WHERE a.partition_date = r.partition_date) AS articles_rows,
       (SELECT count(*) FROM rejected_documents d WHERE d.partition_date = r.partition_date) AS rejected_rows
FROM pipeline_runs r
WHERE r.partition_date = $partition_date
  AND (r.documents_in <> r.documents_loaded + r.documents_rejected
       OR r.documents_loaded <> (SELECT count(*) FROM articles a WHERE a.partition_date = r.partition_date)
       OR r.documents_rejected <> (SELECT count(*) FROM rejected_documents d WHERE d.partition_date = r.partition_date))
UNION ALL
-- A partition with data but no run record.
SELECT $partition_date, NULL, NULL, NULL, NULL, NULL
WHERE NOT EXISTS (SELECT 1 FROM pipeline_runs WHERE partition_date = $partition_date)
