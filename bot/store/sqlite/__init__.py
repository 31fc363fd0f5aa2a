"""The embedded SQLite store (FTS5): the default."""
