-- Events per day and PLOVER type: asserted events only (facts), negated/future/
-- hypothetical ones counted apart so an analyst sees them without mixing them in.
-- Day = the resolved event date; undated future/hypothetical events use the article's partition day.
SELECT coalesce(v.event_date, v.partition_date) AS day,
       v.quad_class,
       v.event_type,
       count(*) FILTER (WHERE v.mode = 'asserted')                    AS asserted,
       count(*) FILTER (WHERE v.mode = 'negated')                     AS negated,
       count(*) FILTER (WHERE v.mode IN ('future', 'hypothetical'))   AS future_or_hypothetical,
       count(DISTINCT v.article_id)                                   AS articles
FROM events v
GROUP BY ALL
ORDER BY day, quad_class, event_type;
