-- (d) articles and average views per category over 30 days
\set day random(0, 600)
SELECT category_id, count(*) AS articles, avg(views) AS average_views FROM articles
WHERE created_at >= TIMESTAMPTZ '2020-01-01 00:00:00+00' + :day * INTERVAL '1 day'
  AND created_at < TIMESTAMPTZ '2020-01-01 00:00:00+00' + (:day + 30) * INTERVAL '1 day'
GROUP BY category_id ORDER BY category_id;
