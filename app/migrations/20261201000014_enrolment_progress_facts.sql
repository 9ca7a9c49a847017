-- Reports at scale (issue 13): the completion report counts, per enrolment, whether it was started
-- and whether it was completed. Asking the reads, attempts, plays and completions tables for each of
-- 400,000 enrolments took seconds; with the two facts kept on the enrolment, set in the same
-- transaction as the read, attempt, play or completion that makes them true, the report groups one
-- table. They only ever go from empty to set: nothing un-reads a module or un-completes a course.
ALTER TABLE enrolments ADD COLUMN started_at BIGINT;
ALTER TABLE enrolments ADD COLUMN completed_at BIGINT;

UPDATE enrolments SET completed_at = (SELECT c.completed_at FROM completions c WHERE c.enrolment_id = enrolments.id);
UPDATE enrolments SET started_at = (SELECT MIN(s.at) FROM (
    SELECT r.read_at AS at FROM module_reads r WHERE r.enrolment_id = enrolments.id
    UNION ALL SELECT a.started_at FROM quiz_attempts a WHERE a.enrolment_id = enrolments.id
    UNION ALL SELECT p.started_at FROM scenario_plays p WHERE p.enrolment_id = enrolments.id
    UNION ALL SELECT c.completed_at FROM completions c WHERE c.enrolment_id = enrolments.id
) s);

-- The report reads only current enrolments, and only these columns of them: an index holding them
-- all answers it without touching the table. It replaces migration 12's index on the course, which
-- SQLite's planner preferred for the report, reading the table for each of 400,000 rows; every
-- query that narrows enrolments to a course asks for current ones.
DROP INDEX enrolments_by_course;
CREATE INDEX enrolments_report ON enrolments (course_slug, user_id, started_at, completed_at, due_at) WHERE ended_at IS NULL;

-- The report leaves out deactivated and erased people by testing each row against this small set,
-- and finds each person's best graded attempt from an index holding only graded, finished attempts.
CREATE INDEX users_not_counted ON users (id) WHERE deactivated_at IS NOT NULL OR erased_at IS NOT NULL;
CREATE INDEX quiz_attempts_graded ON quiz_attempts (enrolment_id, module_id, points, max_points)
    WHERE seed IS NOT NULL AND finished_at IS NOT NULL AND max_points > 0;

-- The monthly chart counts completions by the organisation of their person: both lookups answered
-- from an index alone.
CREATE INDEX completions_by_time_covering ON completions (completed_at, user_id, course_slug);
DROP INDEX completions_by_time;
CREATE INDEX users_organisation_of ON users (id, organisation_id);
