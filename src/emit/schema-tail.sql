
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
