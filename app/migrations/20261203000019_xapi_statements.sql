-- xAPI statements (issue 15, integrations): what a learning record store is told. Portable SQL.
--
-- A row is written in the same transaction as the learning event it tells about (an
-- enrolment, a module read, an answer, a finished assessment, a completion, a scenario choice,
-- a certificate). Its id is the statement id, a UUID derived from the event (domain::xapi), so
-- the same event recorded twice is stored once (INSERT ... ON CONFLICT (id) DO NOTHING).
--
-- Rows are written whether or not an LRS is configured, so that administrators can export
-- them; a worker sends the unsent ones when an LRS is configured. Sending is claimed like the
-- email outbox (claimed_until, a conditional UPDATE); sent_at marks delivery (a 409 from the
-- LRS counts: it has the statement already), failed_at a statement the LRS refused for good
-- (kept, with last_error, for inspection).
--
-- The statement names its learner only by a pseudonym; user_id is kept to export a person's
-- statements and to delete them with the person's data.
CREATE TABLE xapi_statements (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    course_slug TEXT NOT NULL,
    statement TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Microseconds since 1970 when recorded: the order of events within one second (a module
    -- read just after enrolling), which exports keep.
    recorded_at_us BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
-- What the worker looks for: unsent, not given up, due.
CREATE INDEX xapi_statements_pending ON xapi_statements (sent_at, failed_at, next_attempt_at);
-- Exports, a page at a time in the order things happened.
CREATE INDEX xapi_statements_user ON xapi_statements (user_id, recorded_at_us, id);
CREATE INDEX xapi_statements_course ON xapi_statements (course_slug, recorded_at_us, id);
