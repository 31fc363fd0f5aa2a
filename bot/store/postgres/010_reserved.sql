-- schema version 10: reserved for the feeds migration (live sources), made on another branch; nothing here.
-- When that branch is merged its 010_*.sql replaces this file (the loader refuses two files of one number).
SELECT 1;
