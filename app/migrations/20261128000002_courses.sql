-- Courses imported from Markdown folders (`tiltas import`, and `tiltas serve` at start-up).
-- Portable SQL: this one file runs on SQLite and PostgreSQL.
--
-- Every import of changed sources adds an immutable version: learners stay on the version they
-- started, so a version's rows are never updated or deleted. Each version keeps what the
-- learner pages need without re-parsing Markdown: the course metadata and every module, already
-- rendered to sanitised HTML, as JSON of the course model. That JSON includes the answer keys
-- and scenario outcomes; it is only ever read on the server, which sends browsers the public
-- views (`tiltas_course::public`) built from it.

CREATE TABLE courses (
    slug TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);

-- version_number counts from 1 per course. content_hash is the fingerprint of the course's
-- files: the importer compares it with the newest version's to skip unchanged courses.
-- It is deliberately not unique per course: reverting a change (for example with `git revert`)
-- brings back an earlier fingerprint, and must publish that content again as a new, newest
-- version rather than fail. Two instances importing at once collide on the version number.
CREATE TABLE course_versions (
    id TEXT PRIMARY KEY,
    course_slug TEXT NOT NULL REFERENCES courses (slug),
    version_number BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    -- JSON: titles and summaries per language, languages, audience, pass mark, retakes,
    -- certificate policy, prerequisites, estimated minutes and the course's maximum points.
    metadata_json TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    UNIQUE (course_slug, version_number)
);

-- One row per module per language. position is the module's place (from 1) in the outline of
-- its language. content_json is the whole parsed module (front matter and blocks, with every
-- text as Markdown and sanitised HTML).
CREATE TABLE course_version_modules (
    version_id TEXT NOT NULL REFERENCES course_versions (id),
    module_id TEXT NOT NULL,
    language TEXT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    content_json TEXT NOT NULL,
    PRIMARY KEY (version_id, language, module_id)
);
