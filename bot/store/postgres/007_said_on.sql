-- schema version 7: when each quote was said, as its text says it (bot/extract/speech/said_on.py); NULL: the text
-- does not say. Rows indexed before stay NULL until re-extraction (EXTRACTOR_VERSION changed with this) fills them.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS said_on text COLLATE "C";
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS said_precision text COLLATE "C";
