-- (a) point lookup by primary key
\set id random(1, :rows)
SELECT id, title, author_id, created_at, views FROM articles WHERE id = :id;
