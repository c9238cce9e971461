-- An article id appears once in the whole table (ids are hashes of the landing path).
SELECT article_id, count(*) AS copies
FROM articles
WHERE article_id IN (SELECT article_id FROM articles WHERE partition_date = $partition_date)
GROUP BY article_id
HAVING count(*) > 1
