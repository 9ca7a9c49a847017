-- Learners taking courses: enrolments, reading, quiz attempts, scenario plays and completions.
-- Portable SQL: this one file runs on SQLite and PostgreSQL.
--
-- Everything a learner does is tied to the course version they enrolled in (version_id), so a
-- newly published version never changes a question under someone who already started.

-- One per learner per course. assigned_by/due_at are set when an administrator assigns the
-- course; a self-enrolment leaves them NULL.
CREATE TABLE enrolments (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    course_slug TEXT NOT NULL REFERENCES courses (slug),
    version_id TEXT NOT NULL REFERENCES course_versions (id),
    assigned_by TEXT REFERENCES users (id),
    due_at BIGINT,
    enrolled_at BIGINT NOT NULL,
    UNIQUE (user_id, course_slug)
);

-- A module counts as read once a row exists.
CREATE TABLE module_reads (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    module_id TEXT NOT NULL,
    read_at BIGINT NOT NULL,
    PRIMARY KEY (enrolment_id, module_id)
);

-- One attempt at the questions of one module. finished_at, points and passed are set when the
-- last question of the attempt is answered. The unique attempt number per module stops two
-- concurrent "try again" posts from opening two attempts.
CREATE TABLE quiz_attempts (
    id TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    module_id TEXT NOT NULL,
    attempt_number BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    points BIGINT,
    max_points BIGINT NOT NULL,
    passed BIGINT,
    UNIQUE (enrolment_id, module_id, attempt_number)
);

-- One answer per question per attempt: the primary key is what makes a double submission
-- (two tabs, a repeated post) count once. selected is the chosen option numbers as JSON.
CREATE TABLE quiz_answers (
    attempt_id TEXT NOT NULL REFERENCES quiz_attempts (id),
    question_id TEXT NOT NULL,
    selected TEXT NOT NULL,
    correct BIGINT NOT NULL,
    points BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

-- One play of one scenario. node/score/path are where the learner stands (the path as JSON);
-- ending_id and points are set when an ending is reached.
CREATE TABLE scenario_plays (
    id TEXT PRIMARY KEY,
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    module_id TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    play_number BIGINT NOT NULL,
    node TEXT NOT NULL,
    score BIGINT NOT NULL,
    path TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    ending_id TEXT,
    points BIGINT,
    UNIQUE (enrolment_id, scenario_id, play_number)
);

-- Every choice made, in order. The primary key (play, position) means a choice, once made, is
-- final: a second post for the same position (the back button, another device) is refused.
-- Trainers' analytics count these rows per step and option.
CREATE TABLE scenario_choices (
    play_id TEXT NOT NULL REFERENCES scenario_plays (id),
    position BIGINT NOT NULL,
    step_id TEXT NOT NULL,
    choice_index BIGINT NOT NULL,
    chosen_at BIGINT NOT NULL,
    PRIMARY KEY (play_id, position)
);

-- Written once, in the same transaction as the last requirement a learner meets; later work
-- (certificates) hangs off these rows.
CREATE TABLE completions (
    enrolment_id TEXT PRIMARY KEY REFERENCES enrolments (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    course_slug TEXT NOT NULL,
    version_id TEXT NOT NULL REFERENCES course_versions (id),
    points BIGINT NOT NULL,
    max_points BIGINT NOT NULL,
    completed_at BIGINT NOT NULL
);

CREATE INDEX quiz_attempts_by_module ON quiz_attempts (enrolment_id, module_id);
CREATE INDEX scenario_plays_by_scenario ON scenario_plays (enrolment_id, scenario_id);
