-- Graded assessments: the questions each attempt drew, and extra attempts granted by an
-- administrator. Portable SQL: this one file runs on SQLite and PostgreSQL.
--
-- Nothing recorded before is changed. Attempts from before graded assessments have no seed and
-- no drawn questions: they were at practice questions, which every attempt shows in full and in
-- source order, and completions stay as they were recorded.

-- The seed each graded attempt drew with (NULL for practice and older attempts). The drawn
-- questions are stored as well, so a later change to how draws are computed can never change an
-- attempt that was already taken.
ALTER TABLE quiz_attempts ADD COLUMN seed BIGINT;

-- One row per question drawn for an attempt, in the order the learner sees them.
-- option_order lists, for each option as shown, its index in the source file (JSON).
CREATE TABLE quiz_attempt_questions (
    attempt_id TEXT NOT NULL REFERENCES quiz_attempts (id),
    position BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    option_order TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position),
    UNIQUE (attempt_id, question_id)
);

-- An extra attempt at an assessment (item_id is the module id) or a graded scenario (the scenario
-- id), with who granted it and why. Each row is one attempt. attempts_before is how many attempts
-- the learner had started when it was granted: the next attempt may start without the usual wait,
-- and timestamps alone (to the second) could not tell whether it has started yet.
CREATE TABLE attempt_grants (
    id TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    item_id TEXT NOT NULL,
    granted_by TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    attempts_before BIGINT NOT NULL,
    granted_at BIGINT NOT NULL
);

CREATE INDEX attempt_grants_by_enrolment ON attempt_grants (enrolment_id, item_id);
