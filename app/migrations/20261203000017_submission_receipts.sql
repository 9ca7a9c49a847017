-- Offline answering (issue 16): answers and "mark as read" made while the device had no
-- connection are queued there and sent when it returns, each with an id the device generated
-- (a UUID). A receipt row is written in the same transaction as the answer or read it carried,
-- so a submission that arrives twice (a retry after a lost response, two tabs flushing the same
-- queue) is recognised by the primary key and counts once. Portable SQL.
--
-- The id is scoped to the enrolment: one person's id can never collide with, or block, another's.
-- attempt_id and question_id say which stored answer a repeat refers to, so the repeat is
-- answered with that answer's result, even after the learner has started another attempt.
CREATE TABLE submission_receipts (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    submission_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    module_id TEXT NOT NULL,
    attempt_id TEXT,
    question_id TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (enrolment_id, submission_id)
);
