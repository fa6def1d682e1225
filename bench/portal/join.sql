-- (c) the newest articles of one category with their author's and category's names
\set cat random(1, 50)
SELECT a.id, a.title, au.name AS author, c.name AS category
FROM articles a JOIN authors au ON au.id = a.author_id JOIN categories c ON c.id = a.category_id
WHERE a.category_id = :cat ORDER BY a.created_at DESC LIMIT 20;
