-- schema version 11: what the corpus-wide steps keep up to date one article at a time (bot/indexer.py); see
-- ../sqlite/corpus_steps.sql for what each table holds. quotes.norm has its index here since 001_index.sql.
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
-- what the indexer compares with the corpus folder, read without reading the articles' text
CREATE INDEX IF NOT EXISTS articles_state ON articles(id, content_hash, extractor_version, file_size, file_mtime_ns);

CREATE TABLE IF NOT EXISTS story_shingles (
    shingle    bigint NOT NULL,
    article_id text COLLATE "C" NOT NULL,
    PRIMARY KEY (shingle, article_id)
);
CREATE INDEX IF NOT EXISTS story_shingles_article ON story_shingles(article_id);

CREATE TABLE IF NOT EXISTS corpus_pending (
    kind text COLLATE "C" NOT NULL,
    key  text COLLATE "C" NOT NULL,
    seq  bigint NOT NULL,
    PRIMARY KEY (kind, key)
);

ALTER TABLE article_people ADD COLUMN IF NOT EXISTS group_key text COLLATE "C";
CREATE INDEX IF NOT EXISTS article_people_group ON article_people(group_key);
ALTER TABLE persons ADD COLUMN IF NOT EXISTS group_key text COLLATE "C";
CREATE INDEX IF NOT EXISTS persons_group ON persons(group_key);

ALTER TABLE events ADD COLUMN IF NOT EXISTS date_group bigint;
CREATE INDEX IF NOT EXISTS events_date ON events(precision, date);
CREATE TABLE IF NOT EXISTS event_names (
    name     text COLLATE "C" NOT NULL,
    event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (name, event_id)
);
CREATE INDEX IF NOT EXISTS event_names_event ON event_names(event_id);

CREATE TABLE IF NOT EXISTS undated_days (
    month_day  text COLLATE "C" NOT NULL,
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (month_day, article_id)
);
CREATE INDEX IF NOT EXISTS undated_days_article ON undated_days(article_id);

CREATE TABLE IF NOT EXISTS index_changes (
    generation bigint NOT NULL,
    kind       text COLLATE "C" NOT NULL,
    key        text COLLATE "C" NOT NULL,
    PRIMARY KEY (generation, kind, key)
);
