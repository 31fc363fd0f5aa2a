-- schema version 2: file size and modification time, so an unchanged file is recognised without reading it
ALTER TABLE articles ADD COLUMN IF NOT EXISTS file_size bigint;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS file_mtime_ns bigint;
