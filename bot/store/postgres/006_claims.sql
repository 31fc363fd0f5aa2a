-- schema version 6: per-article claims of the processes indexing one corpus together (bot/store/claims.py)
CREATE TABLE IF NOT EXISTS article_claims (
    article_id   text COLLATE "C" PRIMARY KEY,
    content_hash text COLLATE "C" NOT NULL,
    owner        text COLLATE "C" NOT NULL,
    until        double precision NOT NULL
);
