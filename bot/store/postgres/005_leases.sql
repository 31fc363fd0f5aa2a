-- schema version 5: named leases between the processes on one index (bot/store/leases.py)
CREATE TABLE IF NOT EXISTS leases (name text COLLATE "C" PRIMARY KEY, owner text COLLATE "C" NOT NULL, until double precision NOT NULL);
