-- Signed credentials and their revocation list, and taking a course again. Portable SQL: this
-- file runs on SQLite and PostgreSQL.

-- A learner may take a course again (after a certificate expires, or when a newer version
-- appears): the finished enrolment ends and a new one starts, so that one person has at most one
-- current enrolment per course. The old rule, one enrolment per person and course for ever, is
-- removed after the migrations by `storage::schema`, because dropping it is not portable SQL.
ALTER TABLE enrolments ADD COLUMN ended_at BIGINT;
CREATE UNIQUE INDEX enrolments_current ON enrolments (user_id, course_slug) WHERE ended_at IS NULL;

-- Each certificate's bit in the deployment's revocation list (a W3C Bitstring Status List),
-- handed out in order from a counter, and its Open Badges credential once signed (signed at the
-- first download, then kept, so that every download is the same document).
ALTER TABLE certificates ADD COLUMN status_index BIGINT;
CREATE UNIQUE INDEX certificates_by_status_index ON certificates (status_index);
ALTER TABLE certificates ADD COLUMN credential_json TEXT;

CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('certificate_status_index', 0);

-- The public halves of every key this deployment has signed credentials with, published in its
-- DID document so that credentials signed before a key rotation still verify. id is the key's
-- fragment in the DID document (key-1, key-2, …).
CREATE TABLE signing_keys (
    id TEXT PRIMARY KEY,
    public_key_multibase TEXT NOT NULL UNIQUE,
    added_at BIGINT NOT NULL
);
