-- Certificates and the audit log of everything done with them. Portable SQL: this one file runs
-- on SQLite and PostgreSQL.

-- One certificate. id is what verification addresses use: 256 random bits, so nobody can guess
-- another person's. code is the short text printed for people (TLT-XXXX-XXXX). enrolment_id is
-- NULL for a certificate issued by hand for training done elsewhere. holder_name and
-- organisation_name are kept as they were when it was issued: a certificate says what was true
-- that day. superseded_by names the newer certificate for the same person and course.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users (id),
    enrolment_id TEXT REFERENCES enrolments (id),
    course_slug TEXT NOT NULL REFERENCES courses (slug),
    version_id TEXT NOT NULL REFERENCES course_versions (id),
    holder_name TEXT NOT NULL,
    organisation_name TEXT,
    points BIGINT,
    max_points BIGINT,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT,
    issued_by TEXT REFERENCES users (id),
    note TEXT,
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users (id),
    revocation_reason TEXT,
    superseded_by TEXT,
    UNIQUE (enrolment_id)
);

CREATE INDEX certificates_by_holder ON certificates (user_id, course_slug);

-- Who did what, when and why: every issue, approval and revocation.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    action TEXT NOT NULL,
    certificate_id TEXT REFERENCES certificates (id),
    detail TEXT
);

CREATE INDEX audit_log_by_time ON audit_log (at);
