-- schema version 8: events the text tells as planned or expected, not as having happened (bot/extract/events.py);
-- rows indexed before read 0 until re-extraction (EXTRACTOR_VERSION changed with this) sets them.
ALTER TABLE events ADD COLUMN IF NOT EXISTS planned integer NOT NULL DEFAULT 0;
