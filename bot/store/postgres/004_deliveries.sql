-- schema version 4: platform delivery ids already handled (Slack event retries), shared by every process
CREATE TABLE IF NOT EXISTS deliveries (id text COLLATE "C" PRIMARY KEY, seen_at double precision NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_seen ON deliveries(seen_at);
