-- schema version 11: what the corpus-wide steps update in place rather than rebuild (bot/indexer.py).
-- quotes.norm already has its index here (001_index.sql, quotes_norm); SQLite gains it with this version.
SELECT 1;
