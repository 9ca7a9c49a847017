-- The reports' data set (scripts/bench-reports.sh), portable between SQLite and PostgreSQL, with
-- :SEED, :NOW, :LEARNERS and :ORGANISATIONS filled in by the script. Needs the shipped courses
-- imported, and the accounts learner@bench.lt (in "Bench organisation") and admin@bench.lt.
-- h, from the seed, decides each enrolment's fate: under 10 not started, under 35 in progress,
-- else completed (with a certificate valid 24 months). Organisation sizes are skewed (many small,
-- a few large), as in a real deployment: the square of a number from the seed picks the
-- organisation. 100,000 learners in 500 organisations make about 2,000,000 progress rows. There are
-- no answers, draws or scenario choices: the results page reads their kept counts (migration 16).
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :ORGANISATIONS)
INSERT INTO organisations (id, name, created_at) SELECT 'bench-org-' || i, 'Organisation ' || i, 0 FROM n;
UPDATE users SET organisation_id = 'bench-org-1' WHERE email = 'learner@bench.lt';
DELETE FROM organisations WHERE name = 'Bench organisation';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :LEARNERS)
INSERT INTO users (id, email, name, organisation_id, created_at)
SELECT 'bench-u-' || i, 'learner' || i || '@bench.lt', 'Learner ' || i,
       'bench-org-' || (1 + (((i * 2654435761 + :SEED) % 1000) * ((i * 2654435761 + :SEED) % 1000) * :ORGANISATIONS) / 1000000), 0 FROM n;
INSERT INTO user_roles (user_id, role) SELECT id, 'learner' FROM users WHERE id LIKE 'bench-u-%';
CREATE TABLE bench_enrolments (id TEXT, user_id TEXT, slug TEXT, version_id TEXT, i BIGINT, h BIGINT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :LEARNERS)
INSERT INTO bench_enrolments SELECT 'bench-e-' || n.i || '-' || v.course_slug, 'bench-u-' || n.i, v.course_slug, v.id, n.i,
       (n.i * 2654435761 + length(v.course_slug) * 40503 + :SEED) % 100
FROM n CROSS JOIN course_versions v;
INSERT INTO bench_enrolments SELECT 'bench-e-0-' || v.course_slug, u.id, v.course_slug, v.id, 0, 20 + length(v.course_slug)
FROM users u CROSS JOIN course_versions v WHERE u.email = 'learner@bench.lt';
-- Each enrolment, completion and certificate keeps its person's organisation (migration 21).
INSERT INTO enrolments (id, user_id, course_slug, version_id, due_at, enrolled_at, started_at, completed_at, organisation_id)
SELECT id, user_id, slug, version_id, CASE WHEN h % 4 = 0 THEN :NOW + (h - 50) * 86400 ELSE NULL END, :NOW - 400 * 86400,
       CASE WHEN h >= 10 THEN :NOW - 300 * 86400 END, CASE WHEN h >= 35 THEN :NOW - ((i * 7 + h * 13) % 400) * 86400 END,
       (SELECT u.organisation_id FROM users u WHERE u.id = bench_enrolments.user_id)
FROM bench_enrolments;
INSERT INTO module_reads (enrolment_id, module_id, read_at)
SELECT b.id, m.module_id, :NOW - 300 * 86400 FROM bench_enrolments b
JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id NOT LIKE '%final%' AND (b.h >= 35 OR (b.h >= 10 AND m.position <= 1 + b.h % 4));
INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed, seed)
SELECT b.id || '-a1', b.id, m.module_id, 1, :NOW - 200 * 86400, :NOW - 200 * 86400,
       CASE WHEN b.h >= 35 AND b.h % 3 <> 0 THEN 7 + b.h % 4 ELSE b.h % 7 END, 10,
       CASE WHEN b.h >= 35 AND b.h % 3 <> 0 THEN 1 ELSE 0 END, b.i
FROM bench_enrolments b JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id LIKE '%final%' AND (b.h >= 35 OR b.h % 2 = 0) AND b.h >= 10;
INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed, seed)
SELECT b.id || '-a2', b.id, m.module_id, 2, :NOW - 150 * 86400, :NOW - 150 * 86400, 7 + b.h % 4, 10, 1, b.i + 1
FROM bench_enrolments b JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id LIKE '%final%' AND b.h >= 35 AND b.h % 3 = 0;
-- The kept best graded scores (migration 16), as the learning service keeps them with each attempt.
INSERT INTO graded_bests (enrolment_id, module_id, user_id, course_slug, best_percent)
SELECT a.enrolment_id, a.module_id, b.user_id, b.slug, MAX(a.points * 100 / a.max_points)
FROM quiz_attempts a JOIN bench_enrolments b ON b.id = a.enrolment_id GROUP BY a.enrolment_id, a.module_id, b.user_id, b.slug;
INSERT INTO completions (enrolment_id, user_id, course_slug, version_id, points, max_points, completed_at, organisation_id)
SELECT b.id, b.user_id, b.slug, b.version_id, 8, 10, :NOW - ((b.i * 7 + b.h * 13) % 400) * 86400, e.organisation_id
FROM bench_enrolments b JOIN enrolments e ON e.id = b.id WHERE b.h >= 35;
INSERT INTO certificates (id, code, user_id, enrolment_id, course_slug, version_id, holder_name, issued_at, expires_at, organisation_id)
SELECT 'bench-c-' || b.id, 'BENCH-' || b.id, b.user_id, b.id, b.slug, b.version_id, 'Learner', c.completed_at,
       c.completed_at + 730 * 86400 - (b.i % 3) * 300 * 86400, c.organisation_id
FROM bench_enrolments b JOIN completions c ON c.enrolment_id = b.id;
DROP TABLE bench_enrolments;
ANALYZE;
