-- what event grouping compares of each event (bot/corpus/event_groups.py), computed once: JSON
ALTER TABLE events ADD COLUMN IF NOT EXISTS features text COLLATE "C";
-- what each index run compares with the folder's files (the articles of one source), read from an index alone (the table's rows hold every article's text)
DROP INDEX IF EXISTS articles_state;
CREATE INDEX IF NOT EXISTS articles_source_state ON articles(source, id, content_hash, extractor_version, file_size,
    file_mtime_ns);
