-- The completion report's certificate counts by course read this index alone (every column the
-- query tests is in it) instead of the certificates table, row by row: a third of the time
-- at 260,000 certificates.
CREATE INDEX certificates_report_by_course ON certificates (course_slug, expires_at, revoked_at, superseded_by, user_id);
-- The score chart groups the kept best scores by their percentage in this index's order, so
-- that 300,000 rows need no sort (storage::reporting::best_percent_counts).
CREATE INDEX graded_bests_by_percent ON graded_bests (best_percent, course_slug, user_id, enrolment_id);
