-- schema version 10: live sources (bot/sources/): where each article came from, the feeds followed, the entries
-- seen in each feed, and the web pages indexed (by canonical URL). Articles indexed before come from the folder.
ALTER TABLE articles ADD COLUMN source TEXT NOT NULL DEFAULT 'folder';   -- folder | feed | page

CREATE TABLE IF NOT EXISTS feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,    -- where it is polled (a 301/308 moves it)
    title         TEXT,
    added_at      REAL NOT NULL,
    added_by      TEXT,                    -- who added it, for people to read
    platform      TEXT,                    -- the channel told when it fails for good
    workspace     TEXT,
    channel       TEXT,
    etag          TEXT,                    -- of the last good response: the next request is conditional
    last_modified TEXT,
    body_hash     TEXT,                    -- an unchanged body is not parsed again
    last_success  REAL,
    last_attempt  REAL,
    last_status   INTEGER,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_poll     REAL NOT NULL DEFAULT 0,
    disabled      TEXT,                    -- why it is no longer polled (HTTP 410, kept failing); NULL: polled
    told          INTEGER NOT NULL DEFAULT 0,  -- the channel that added it was told it was disabled
    polls         INTEGER NOT NULL DEFAULT 0   -- good polls so far: the first one's items are not news
);

CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key  TEXT NOT NULL,                -- guid, else link, else title
    url        TEXT,                         -- canonical link
    title      TEXT,
    article_id TEXT,                         -- NULL: not indexed (error says why)
    error      TEXT,
    seen_at    REAL NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);
CREATE INDEX IF NOT EXISTS feed_entries_url ON feed_entries(url);

CREATE TABLE IF NOT EXISTS web_pages (
    url           TEXT PRIMARY KEY,          -- canonical URL: tracking parameters and fragment removed
    article_id    TEXT NOT NULL,
    text_hash     TEXT NOT NULL,             -- of the extracted text: one text under two URLs is one article
    etag          TEXT,
    last_modified TEXT,
    fetched_at    REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS web_pages_article ON web_pages(article_id);
CREATE INDEX IF NOT EXISTS web_pages_text ON web_pages(text_hash);
