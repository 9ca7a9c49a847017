-- Sign-in throttling by growing delays instead of a hard lock-out. One row per key (an account,
-- a client address or network, registrations from an address): failures counted since the key
-- was last quiet, when the last one was, and when the next try is allowed. The old fixed-window
-- counters are dropped: they only ever held the last 15 minutes.
DROP TABLE login_failures;

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    next_allowed_at BIGINT NOT NULL
);

CREATE INDEX login_throttle_by_age ON login_throttle (last_failure_at);
