-- Email (issue 15, integrations): messages waiting to be sent by SMTP. Portable SQL.
--
-- A row is written in the same transaction as what it tells about (an invitation, a password
-- reset), or by the worker for a reminder it computed from the data. dedup_key is unique, so a
-- reminder inserted by two instances, or again after a restart, is stored once
-- (INSERT ... ON CONFLICT (dedup_key) DO NOTHING) and so sent once.
--
-- A worker claims a row by moving claimed_until into the future with a conditional UPDATE (only
-- one instance's UPDATE matches), sends it, then sets sent_at. A worker that dies mid-send
-- leaves the claim to expire, and another sends it again: at least once, with the same
-- Message-ID so that mail systems can recognise the repeat.
--
-- Once sent (or given up), subject and bodies are blanked: an invitation's body holds a one-time
-- link, and nothing needs a copy of a sent message. The row stays for its dedup_key.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    dedup_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT NOT NULL,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE UNIQUE INDEX outbox_dedup_key ON outbox (dedup_key);
-- What the worker looks for: unsent, not given up, due.
CREATE INDEX outbox_pending ON outbox (sent_at, failed_at, next_attempt_at);
CREATE INDEX outbox_user ON outbox (user_id);
