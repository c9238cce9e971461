-- Articles, words, entities and events per partition day and source.
CREATE OR REPLACE VIEW daily_coverage AS
SELECT a.partition_date,
       coalesce(a.source_domain, a.source_name, '(unknown)') AS source,
       count(*) AS articles,
       count(*) FILTER (WHERE a.duplicate_of IS NULL) AS distinct_stories,
       sum(a.word_count) AS words,
       (SELECT count(*) FROM events v WHERE v.article_id IN (SELECT article_id FROM articles x
            WHERE x.partition_date = a.partition_date AND coalesce(x.source_domain, x.source_name, '(unknown)') = coalesce(a.source_domain, a.source_name, '(unknown)'))) AS events
FROM articles a
GROUP BY ALL;
