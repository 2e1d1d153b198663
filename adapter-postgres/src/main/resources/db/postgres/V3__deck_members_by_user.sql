-- A user's decks (GET /api/v1/decks) are looked up by member: without this index every call reads
-- every membership row of every deck.
CREATE INDEX deck_members_by_user ON deck_members (user_name, deck_id);
