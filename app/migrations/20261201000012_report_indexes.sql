-- Reports (issue 13): the completion report narrows enrolments and certificates to a course, and
-- its chart counts completions from a date on; at 100,000 learners these need their own indexes
-- rather than a scan of the whole table.
CREATE INDEX enrolments_by_course ON enrolments (course_slug);
CREATE INDEX completions_by_time ON completions (completed_at);
CREATE INDEX certificates_by_course ON certificates (course_slug);
