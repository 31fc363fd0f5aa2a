-- schema version 3: when each article was first seen, and digest subscriptions with their posts

-- one row per article id, kept when the article is re-extracted: "new since" reads this
CREATE TABLE IF NOT EXISTS article_log (
    article_id   TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    first_seen   REAL NOT NULL,          -- unix time the id was first indexed
    changed      REAL NOT NULL           -- unix time its text last changed (= first_seen until then)
);
INSERT OR IGNORE INTO article_log(article_id, content_hash, first_seen, changed)
    SELECT id, content_hash, 0, 0 FROM articles;

CREATE TABLE IF NOT EXISTS digest_subscriptions (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,           -- slack | discord | console
    workspace   TEXT NOT NULL,           -- Slack team id, Discord guild id
    channel     TEXT NOT NULL,
    channel_name TEXT,
    cron        TEXT NOT NULL,           -- five-field cron expression, in tz
    tz          TEXT NOT NULL,
    topic       TEXT,
    created_by  TEXT,
    created_at  REAL NOT NULL,
    watermark   REAL NOT NULL,           -- news first seen after this goes into the next digest
    last_slot   TEXT,                    -- the last slot handled (local wall-clock key)
    last_slot_at REAL,                   -- and its instant
    UNIQUE (platform, workspace, channel, topic)
);

-- one row per (subscription, scheduled slot): claimed before posting, sent only once accepted
CREATE TABLE IF NOT EXISTS digest_posts (
    subscription_id INTEGER NOT NULL REFERENCES digest_subscriptions(id) ON DELETE CASCADE,
    slot        TEXT NOT NULL,           -- local wall-clock "2026-03-29T09:00" in the subscription's tz
    slot_at     REAL NOT NULL,
    status      TEXT NOT NULL,           -- claimed | posting | failed | sent | empty | abandoned | uncertain
    owner       TEXT,
    lease_until REAL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try    REAL,
    missed      INTEGER NOT NULL DEFAULT 0,  -- earlier slots this one catches up on
    window_from REAL,
    window_to   REAL,
    error       TEXT,
    updated_at  REAL NOT NULL,
    PRIMARY KEY (subscription_id, slot)
);
