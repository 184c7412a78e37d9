-- The tables of unrec's SQLite output (`unrec::emit::sqlite`), in SQL that
-- SQLite and PostgreSQL both accept, so that the same schema takes a run's
-- database or its CSV in either.
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
    session            TEXT,
    state_under_review TEXT,
    -- 'pdf', 'text' or 'docx'.
    format             TEXT,
    sha256             TEXT,
    -- Bytes; a file refused as too large may pass 2^31.
    size               BIGINT,
    -- 'ok', 'empty' (read, nothing extracted) or 'failed'.
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
    -- 'meeting', 'topic', 'theme' or 'block'.
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

-- The columns up to `source` are the CSV's, in its order, so that
-- `\copy units (id, …, source) FROM 'recommendations.csv' CSV HEADER` loads it.
CREATE TABLE IF NOT EXISTS units (
    id                  TEXT NOT NULL,
    key                 TEXT NOT NULL PRIMARY KEY,
    document_key        TEXT NOT NULL REFERENCES documents (document_key)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    document            TEXT,
    kind                TEXT NOT NULL,
    body                TEXT,
    meeting             INTEGER,
    meeting_title       TEXT,
    city                TEXT,
    start_date          DATE,
    end_date            DATE,
    topic               TEXT,
    number              INTEGER,
    subitem             TEXT,
    parent_id           TEXT,
    paragraph           TEXT,
    text                TEXT,
    recommending_states TEXT,
    position            TEXT,
    state_under_review  TEXT,
    session             TEXT,
    response            TEXT,
    response_source     TEXT,
    sdgs                TEXT,
    affected_persons    TEXT,
    page_start          INTEGER,
    page_end            INTEGER,
    themes              TEXT,
    source              TEXT,
    seq                 INTEGER,
    parent_key          TEXT REFERENCES units (key) DEFERRABLE INITIALLY DEFERRED,
    group_index         INTEGER,
    UNIQUE (document_key, id),
    FOREIGN KEY (document_key, group_index) REFERENCES groups (document_key, group_index)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE IF NOT EXISTS diagnostics (
    document_key TEXT NOT NULL REFERENCES documents (document_key)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq          INTEGER NOT NULL,
    code         TEXT NOT NULL,
    severity     TEXT NOT NULL,
    message      TEXT,
    file         TEXT,
    page         INTEGER,
    line         INTEGER,
    -- Other places the finding concerns, `file:line` or `file:p<page>:<line>`, `;`-joined.
    related      TEXT,
    PRIMARY KEY (document_key, seq)
);

-- UNIQUE (document_key, id) already serves look-ups by document.
-- The same recommendation has the same id in every document that holds it.
CREATE INDEX IF NOT EXISTS units_id ON units (id);
-- Without it, deleting a document's units scans the table once per unit.
CREATE INDEX IF NOT EXISTS units_parent_key ON units (parent_key);
