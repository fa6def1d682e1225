\set u random(1, 9000)
SELECT count(*), max(note) FROM tickets WHERE owner_id = :u OR assignee_id = :u;
