-- schema version 11: what the corpus-wide steps keep up to date one article at a time (bot/indexer.py), and the
-- quotes' folded text looked up by /who and /quote (bot/query/quote_rows.py) without reading the whole table.
CREATE INDEX IF NOT EXISTS quotes_norm ON quotes(norm);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
-- what the indexer compares with the corpus folder, read without reading the articles' text
CREATE INDEX IF NOT EXISTS articles_state ON articles(id, content_hash, extractor_version, file_size, file_mtime_ns);

-- the kept shingles of each article's story fingerprint (bot/corpus/story_index.py): the articles a story can
-- reach, found by lookup. Kept by the corpus-wide steps, not by the articles: a removed article's shingles say
-- whose stories it touched until the steps have run.
CREATE TABLE IF NOT EXISTS story_shingles (
    shingle    INTEGER NOT NULL,   -- the 64-bit hash, as a signed integer
    article_id TEXT NOT NULL,
    PRIMARY KEY (shingle, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_shingles_article ON story_shingles(article_id);

-- what changed since the corpus-wide steps last ran: the articles stored or removed, and what they were part of
-- (their story, their people's groups, their events' groups and date buckets, the month-days of their day
-- events); seq is the articles revision of the change
CREATE TABLE IF NOT EXISTS corpus_pending (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- people are merged within a group of names that can be one person (a surname; an organisation's name)
ALTER TABLE article_people ADD COLUMN group_key TEXT;
CREATE INDEX IF NOT EXISTS article_people_group ON article_people(group_key);
ALTER TABLE persons ADD COLUMN group_key TEXT;
CREATE INDEX IF NOT EXISTS persons_group ON persons(group_key);

-- events: the group within their date bucket (the first pass of bot/corpus/event_groups.py), beside the timeline
-- entry (group_id); the people and places each names, to count and find them
ALTER TABLE events ADD COLUMN date_group INTEGER;
CREATE INDEX IF NOT EXISTS events_date ON events(precision, date);
CREATE TABLE IF NOT EXISTS event_names (
    name     TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (name, event_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_names_event ON event_names(event_id);

-- the month-days an undated article's yearless dates name ("On March 29"): a day event stored on such a day can
-- move its inferred publication date
CREATE TABLE IF NOT EXISTS undated_days (
    month_day  TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (month_day, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS undated_days_article ON undated_days(article_id);

-- what each index generation changed, for serving processes to update their caches rather than reload them
-- (bot/query/context.py): kind article | person | entry | term, and a 'generation' row marking it complete
CREATE TABLE IF NOT EXISTS index_changes (
    generation INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL,
    PRIMARY KEY (generation, kind, key)
) WITHOUT ROWID;
