-- Reports at scale, second step (issues 13 and 14): the completion report and a trainer's results
-- page within 300 ms at 100,000 learners. Three kinds of change, each measured on the generated data
-- set (scripts/bench-reports.sh) before it was chosen:
--
-- 1. Kept summaries, written in the same transaction as the event that changes them (storage
--    activity.rs and assessments.rs), so the pages read a few rows instead of millions:
--    - each enrolment's best graded score per assessment (the report's score-band chart grouped
--      360,000 graded attempts by enrolment and module, then looked up each enrolment);
--    - per question, how many attempts drew it, how many answered it and how many were right, and
--      per scenario step and option, how often a first play chose it (the results page grouped
--      every answer, draw and choice of the course).
--    Each is only ever raised: nothing un-answers a question or un-finishes an attempt, and an
--    erased person's attempts, answers and choices are kept (migration 13). Who is counted in the
--    report (not deactivated, not erased, current enrolment) is still decided when it is read.
-- 2. Indexes keyed by person, so the report by organisation reads the people of each organisation
--    in order and their enrolments and certificates next to them (100,000 lookups rather than a
--    lookup of the person of each of 400,000 enrolments), grouping as it reads.
-- 3. A small index of the ended enrolments, which the score-band chart leaves out.

CREATE TABLE graded_bests (
    enrolment_id TEXT NOT NULL REFERENCES enrolments (id),
    module_id TEXT NOT NULL,
    -- The enrolment's person and course, which never change, so the chart reads this table alone.
    user_id TEXT NOT NULL REFERENCES users (id),
    course_slug TEXT NOT NULL,
    -- The best finished graded attempt's points * 100 / max_points, rounded down.
    best_percent BIGINT NOT NULL,
    PRIMARY KEY (enrolment_id, module_id)
);
INSERT INTO graded_bests (enrolment_id, module_id, user_id, course_slug, best_percent)
SELECT a.enrolment_id, a.module_id, e.user_id, e.course_slug, MAX(COALESCE(a.points, 0) * 100 / a.max_points)
FROM quiz_attempts a JOIN enrolments e ON e.id = a.enrolment_id
WHERE a.seed IS NOT NULL AND a.finished_at IS NOT NULL AND a.max_points > 0
GROUP BY a.enrolment_id, a.module_id, e.user_id, e.course_slug;
CREATE INDEX graded_bests_report ON graded_bests (course_slug, user_id, best_percent, enrolment_id);

-- Over every attempt of the course's enrolments, ended ones included, as the results page counted.
CREATE TABLE question_counts (
    course_slug TEXT NOT NULL,
    module_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    drawn BIGINT NOT NULL,
    answers BIGINT NOT NULL,
    correct BIGINT NOT NULL,
    PRIMARY KEY (course_slug, module_id, question_id)
);
INSERT INTO question_counts (course_slug, module_id, question_id, drawn, answers, correct)
SELECT course_slug, module_id, question_id, SUM(drawn), SUM(answers), SUM(correct) FROM (
    SELECT e.course_slug, a.module_id, d.question_id, 1 AS drawn, 0 AS answers, 0 AS correct
    FROM quiz_attempt_questions d JOIN quiz_attempts a ON a.id = d.attempt_id JOIN enrolments e ON e.id = a.enrolment_id
    UNION ALL
    SELECT e.course_slug, a.module_id, q.question_id, 0, 1, q.correct
    FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id JOIN enrolments e ON e.id = a.enrolment_id
) counted GROUP BY course_slug, module_id, question_id;

-- First plays only, so replays do not outweigh first instincts.
CREATE TABLE choice_counts (
    course_slug TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    choice_index BIGINT NOT NULL,
    times BIGINT NOT NULL,
    PRIMARY KEY (course_slug, scenario_id, step_id, choice_index)
);
INSERT INTO choice_counts (course_slug, scenario_id, step_id, choice_index, times)
SELECT e.course_slug, p.scenario_id, c.step_id, c.choice_index, COUNT(*)
FROM scenario_choices c JOIN scenario_plays p ON p.id = c.play_id JOIN enrolments e ON e.id = p.enrolment_id
WHERE p.play_number = 1
GROUP BY e.course_slug, p.scenario_id, c.step_id, c.choice_index;

-- Keyed by person: the people of an organisation in order (this replaces the index on the
-- organisation alone), then each one's current enrolments with the report's columns, and each
-- one's certificates with the columns that say whether they are current (this replaces the index
-- on the holder and course, which it begins with).
CREATE INDEX users_organisation_members ON users (organisation_id, id);
DROP INDEX users_organisation;
CREATE INDEX enrolments_report_by_person ON enrolments (user_id, course_slug, started_at, completed_at, due_at) WHERE ended_at IS NULL;
CREATE INDEX certificates_report_by_holder ON certificates (user_id, course_slug, expires_at, revoked_at, superseded_by);
DROP INDEX certificates_by_holder;

CREATE INDEX enrolments_ended ON enrolments (id) WHERE ended_at IS NOT NULL;
