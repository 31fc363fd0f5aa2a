-- schema version 9: corpus entries not indexed, or indexed with a caveat, and why (bot/store/repository.py)
CREATE TABLE IF NOT EXISTS index_problems (
    name              text COLLATE "C" PRIMARY KEY,
    reason            text NOT NULL,
    indexed           integer NOT NULL,
    file_size         bigint,
    file_mtime_ns     bigint,
    extractor_version text,
    seen_at           double precision NOT NULL
);
