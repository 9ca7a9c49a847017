-- Erasure (issue 13, audit and privacy): a certificate whose holder's personal data was erased
-- stays verifiable, as issued to "a person whose data was erased". holder_name is blanked then
-- (it is NOT NULL, so it becomes ''), and this column says when and why it is blank. Portable SQL.
ALTER TABLE certificates ADD COLUMN holder_erased_at BIGINT;

-- Retention finds accounts not seen for N days; the audit page filters by time and person.
CREATE INDEX users_last_seen ON users (last_seen_at);
CREATE INDEX audit_events_actor ON audit_events (actor_id);
