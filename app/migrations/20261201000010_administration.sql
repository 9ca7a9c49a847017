-- Administration (issue 13): deactivation and erasure of people, organisation administrators,
-- cohorts with their course assignments, and the audit log. Portable SQL, as every migration.

-- A deactivated person cannot sign in and has no sessions; their records stay. An erased person's
-- personal data has been removed (the row stays so that certificates and statistics keep their
-- references). last_seen_at is the last sign-in, for the retention of inactive accounts.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
ALTER TABLE users ADD COLUMN erased_at BIGINT;
ALTER TABLE users ADD COLUMN last_seen_at BIGINT;

-- A group of learners (an intake, a shift, a training day). organisation_id NULL: across
-- organisations, which only platform administrators manage.
CREATE TABLE cohorts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX cohorts_name_unique ON cohorts (name);
CREATE INDEX cohorts_organisation ON cohorts (organisation_id);

CREATE TABLE cohort_members (
    cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);
CREATE INDEX cohort_members_user ON cohort_members (user_id);

-- A course assigned to a cohort: every member, including those who join later, is enrolled
-- with this due date.
CREATE TABLE cohort_assignments (
    cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
    course_slug TEXT NOT NULL,
    due_at BIGINT,
    assigned_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (cohort_id, course_slug)
);

-- Append-only record of who did what: the application only inserts and reads. actor_id NULL: the
-- system or an anonymous caller (a failed sign-in). subject_email keeps the address tried in a
-- failed sign-in, and is cleared when that person is erased.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    occurred_at BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),
    subject_user_id TEXT REFERENCES users (id),
    subject_email TEXT,
    organisation_id TEXT REFERENCES organisations (id),
    detail TEXT NOT NULL,
    client_address TEXT
);
CREATE INDEX audit_events_time ON audit_events (occurred_at);
CREATE INDEX audit_events_action_time ON audit_events (action, occurred_at);
CREATE INDEX audit_events_subject ON audit_events (subject_user_id);
