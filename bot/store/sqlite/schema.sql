-- newsdesk index, schema version 1 (see bot/store/db.py: SCHEMA_VERSION)
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id                 TEXT PRIMARY KEY,
    path               TEXT NOT NULL,
    title              TEXT NOT NULL,
    outlet             TEXT,
    url                TEXT,
    published          TEXT,            -- YYYY-MM-DD as stated, NULL when inferred
    published_source   TEXT,            -- header | text | inferred
    published_earliest TEXT,            -- inferred range, when not stated
    published_latest   TEXT,
    anchor             TEXT,            -- the date relative dates were resolved against
    inferred_reason    TEXT,
    content_hash       TEXT NOT NULL,
    extractor_version  TEXT NOT NULL,
    text               TEXT NOT NULL,
    fingerprint        BLOB,
    story_id           TEXT
);

CREATE TABLE IF NOT EXISTS sentences (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    dates      TEXT NOT NULL DEFAULT '[]'   -- JSON list of TIMEX values in the sentence
);
CREATE INDEX IF NOT EXISTS sentences_article ON sentences(article_id);

-- people as found in one article; person_id links them across articles
CREATE TABLE IF NOT EXISTS article_people (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    roles       TEXT NOT NULL DEFAULT '[]',
    affiliation TEXT,
    is_org      INTEGER NOT NULL DEFAULT 0,
    mentions    INTEGER NOT NULL DEFAULT 0,
    person_id   INTEGER,
    PRIMARY KEY (article_id, local_id)
);
CREATE INDEX IF NOT EXISTS article_people_person ON article_people(person_id);

CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id   INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);

-- one row per cross-article person; rebuilt after each indexing run
CREATE TABLE IF NOT EXISTS persons (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    aliases     TEXT NOT NULL DEFAULT '[]',
    roles       TEXT NOT NULL DEFAULT '[]',
    affiliation TEXT,
    is_org      INTEGER NOT NULL DEFAULT 0,
    keys        TEXT NOT NULL DEFAULT '[]',
    mentions    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS quotes (
    id            INTEGER PRIMARY KEY,
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    direct        INTEGER NOT NULL,
    speaker_local INTEGER,
    speaker_name  TEXT,
    speaker_role  TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue           TEXT,
    norm          TEXT NOT NULL          -- folded text, to count a quote once per story
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);

CREATE TABLE IF NOT EXISTS dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    value      TEXT NOT NULL,
    precision  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_article ON dates(article_id);

CREATE TABLE IF NOT EXISTS events (
    id         INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    precision  TEXT NOT NULL,
    end_date   TEXT,
    date_text  TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    people     TEXT NOT NULL DEFAULT '[]',
    places     TEXT NOT NULL DEFAULT '[]',
    group_id   INTEGER
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_group ON events(group_id);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
    text, people, places, content='events', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(sentences_fts, 'row');

CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, coalesce(new.speaker_name, ''));
END;
CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.id, old.text, coalesce(old.speaker_name, ''));
END;
CREATE TRIGGER IF NOT EXISTS events_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, text, people, places) VALUES (new.id, new.text, new.people, new.places);
END;
CREATE TRIGGER IF NOT EXISTS events_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, text, people, places) VALUES ('delete', old.id, old.text, old.people, old.places);
END;
