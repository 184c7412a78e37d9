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

-- The columns up to `seq` are the CSV's, in its order, so that `\copy units (id, …)
-- FROM 'recommendations.csv' CSV HEADER` loads it. Lists are JSON arrays.
CREATE TABLE IF NOT EXISTS units (
    -- stable record id, unique in its document
    id TEXT NOT NULL,
    -- document_key#id: unique across every document of a run
    key TEXT NOT NULL PRIMARY KEY,
    -- the input's name in its run
    document_key TEXT NOT NULL REFERENCES documents (document_key)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    -- the document's symbol, else its file name
    document TEXT,
    -- the kind the document was read as
    kind TEXT NOT NULL,
    -- the issuing body, from the masthead
    body TEXT,
    -- the session's number, from the masthead: 43 of Forty-third session
    session INTEGER,
    -- the document's date, from the masthead (Distr.: General 7 July 2014)
    date DATE,
    -- the label as printed: 12, 12(b), 131.10, 62(a)(ii)
    label TEXT,
    -- the meeting's ordinal: 5 for the fifth meeting
    meeting INTEGER,
    -- the meeting heading without its number
    meeting_title TEXT,
    -- the meeting's city
    city TEXT,
    -- the meeting's first day
    start_date DATE,
    -- the meeting's last day
    end_date DATE,
    -- the heading of the part of the document the unit stands in
    section TEXT,
    -- the heading the unit falls under within its section
    topic TEXT,
    -- the label's first number: 12 of 12(b), 131 of 131.10
    number INTEGER,
    -- the label's second number: 10 of 131.10
    item INTEGER,
    -- the sub-item's letter: b of 12(b)
    subitem TEXT,
    -- the sub-sub-item's numeral: ii of 62(a)(ii)
    subsubitem TEXT,
    -- the id of the unit this one is part of
    parent_id TEXT,
    -- the text, whitespace collapsed
    text TEXT,
    -- the PDF page of the first line
    page_start INTEGER,
    -- the PDF page of the last line
    page_end INTEGER,
    -- theme paths from an index or a thematic list
    themes JSONB,
    -- where the unit starts: file:line or file:p<page>:<line>
    source TEXT,
    -- what an index entry cites: `meeting 1, recommendation 12 (b)`
    cites JSONB,
    -- the recommending States, as printed
    recommending_states JSONB,
    -- the State's position on the unit's block: supported, to_examine, not_supported, noted
    position TEXT,
    -- the State whose review the document belongs to
    state_under_review TEXT,
    -- the day of the review, from the report's introduction
    review_date DATE,
    -- the State's response: supported, supported_implemented, noted
    response TEXT,
    -- where the response is stated
    response_source TEXT,
    -- the State's explanation of its response
    response_explanation TEXT,
    -- the Sustainable Development Goals a thematic list relates the unit to
    sdgs JSONB,
    -- the groups of persons a thematic list names
    affected_persons JSONB,
    -- the treaty body whose concluding observations these are: CERD, CRC, …
    committee TEXT,
    -- the State party whose report the concluding observations concern
    state_party TEXT,
    -- the day the Committee adopted the concluding observations
    adopted DATE,
    -- what the paragraph is: recommendation, concern, procedure, observation
    role TEXT,
    -- named in the follow-up paragraph (to report on within one or two years)
    follow_up BOOLEAN,
    -- named as of particular importance or as needing urgent measures
    priority BOOLEAN,
    -- The unit's place in its document, from 0; its parent's key; its group.
    seq INTEGER,
    parent_key TEXT REFERENCES units (key) DEFERRABLE INITIALLY DEFERRED,
    group_index INTEGER,
    UNIQUE (document_key, id),
    FOREIGN KEY (document_key, group_index) REFERENCES groups (document_key, group_index)
        DEFERRABLE INITIALLY DEFERRED
);

-- `units.themes`, a row per value: its position in the list (from 0) and the value.
CREATE TABLE IF NOT EXISTS unit_themes (
    unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq INTEGER NOT NULL,
    theme TEXT NOT NULL,
    PRIMARY KEY (unit_key, seq)
);
CREATE INDEX IF NOT EXISTS unit_themes_theme ON unit_themes (theme);

-- `units.cites`, a row per value: its position in the list (from 0) and the value.
CREATE TABLE IF NOT EXISTS unit_cites (
    unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq INTEGER NOT NULL,
    citation TEXT NOT NULL,
    PRIMARY KEY (unit_key, seq)
);
CREATE INDEX IF NOT EXISTS unit_cites_citation ON unit_cites (citation);

-- `units.recommending_states`, a row per value: its position in the list (from 0) and the value.
CREATE TABLE IF NOT EXISTS unit_states (
    unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (unit_key, seq)
);
CREATE INDEX IF NOT EXISTS unit_states_state ON unit_states (state);

-- `units.sdgs`, a row per value: its position in the list (from 0) and the value.
CREATE TABLE IF NOT EXISTS unit_sdgs (
    unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq INTEGER NOT NULL,
    sdg TEXT NOT NULL,
    PRIMARY KEY (unit_key, seq)
);
CREATE INDEX IF NOT EXISTS unit_sdgs_sdg ON unit_sdgs (sdg);

-- `units.affected_persons`, a row per value: its position in the list (from 0) and the value.
CREATE TABLE IF NOT EXISTS unit_persons (
    unit_key TEXT NOT NULL REFERENCES units (key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    seq INTEGER NOT NULL,
    person TEXT NOT NULL,
    PRIMARY KEY (unit_key, seq)
);
CREATE INDEX IF NOT EXISTS unit_persons_person ON unit_persons (person);

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
