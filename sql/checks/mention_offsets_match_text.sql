-- Mention offsets point at the mention's text in articles.text (offsets are 0-based, end-exclusive).
SELECT m.article_id, m.text, m.start_char, m.end_char,
       substring(a.text, m.start_char + 1, m.end_char - m.start_char) AS text_at_offsets
FROM entity_mentions m
LEFT JOIN articles a USING (article_id)
WHERE m.partition_date = $partition_date
  AND (a.article_id IS NULL OR substring(a.text, m.start_char + 1, m.end_char - m.start_char) IS DISTINCT FROM m.text)
