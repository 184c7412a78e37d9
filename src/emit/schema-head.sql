-- The tables of unrec's SQLite output (`unrec::emit::sqlite`), in SQL that
-- SQLite and PostgreSQL both accept, so that the same schema takes a run's
-- database or its CSV in either. Written by `unrec schema`: the `units`
-- table and its link tables come from the column table of the record model.
--
-- Empty values are NULL, never ''. Indices (`group_index`, `parent_index`,
-- `seq`) count from 0 in document order, as in the JSON output. Foreign keys
-- are checked at commit, so tables can be loaded in any order within one
-- transaction.

CREATE TABLE IF NOT EXISTS documents (
    -- The input's name in its run (`Document.source.file`).
    document_key       TEXT NOT NULL PRIMARY KEY,
    path               TEXT NOT NULL,
    symbol             TEXT,
    kind               TEXT NOT NULL,
    title              TEXT,
    body               TEXT,
    distribution_date  DATE,
    -- The session's number (43); its words as printed (`Forty-third session`).
    session            INTEGER,
    session_name       TEXT,
    state_under_review TEXT,
    -- 'pdf', 'text' or 'docx'.
    format             TEXT,
    sha256             TEXT,
    -- Bytes; a file refused as too large may pass 2^31.
    size               BIGINT,
    -- 'ok'; 'empty' (a known kind, no unit found); 'none' (no known kind:
    -- the document holds no recommendations); 'failed'.
    status             TEXT NOT NULL,
    units              INTEGER,
    errors             INTEGER,
    warnings           INTEGER,
    notes              INTEGER,
    -- Why the input failed or gave nothing.
    message            TEXT
);

CREATE TABLE IF NOT EXISTS groups (
    document_key TEXT NOT NULL REFERENCES documents (document_key)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    group_index  INTEGER NOT NULL,
    -- 'meeting', 'topic', 'theme', 'block' or 'section'.
    kind         TEXT NOT NULL,
    parent_index INTEGER,
    ordinal      INTEGER,
    numeral      TEXT,
    title        TEXT,
    city         TEXT,
    start_date   DATE,
    end_date     DATE,
    year         INTEGER,
    PRIMARY KEY (document_key, group_index),
    FOREIGN KEY (document_key, parent_index) REFERENCES groups (document_key, group_index)
        DEFERRABLE INITIALLY DEFERRED
);
