-- (b) a page of the newest articles, up to 100 pages deep
\set off random(0, 2000)
SELECT id, title, created_at FROM articles ORDER BY created_at DESC LIMIT 20 OFFSET :off;
