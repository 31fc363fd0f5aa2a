-- what event grouping compares of each event (bot/corpus/event_groups.py), computed once: JSON
ALTER TABLE events ADD COLUMN IF NOT EXISTS features text COLLATE "C";
