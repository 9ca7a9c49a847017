-- The files each course version was made from, and trainers' unpublished edits.
-- Portable SQL: this one file runs on SQLite and PostgreSQL.

-- Where a version came from: 'folder' (the courses folder, by `tiltas import` or at start-up)
-- or 'editor' (published in the browser, after editing or uploading a zip).
-- Start-up imports compare the folder with the newest *folder* version, so that restarting a
-- server does not undo what a trainer published in the browser while the folder stood still.
ALTER TABLE course_versions ADD COLUMN origin TEXT NOT NULL DEFAULT 'folder';
-- The account that published an 'editor' version; NULL for folder imports.
ALTER TABLE course_versions ADD COLUMN published_by TEXT REFERENCES users (id);

-- Set when a course that came from the courses folder is no longer in it: the catalogue stops
-- offering it, while learners already enrolled keep their version and can finish. Cleared when
-- the course comes back to the folder or is published again in the browser.
ALTER TABLE courses ADD COLUMN retired_at BIGINT;

-- Every file of a version, byte for byte (Markdown, course.toml, images): the editor opens
-- them, course files such as images are served from here, and a course downloads as a zip
-- from exactly what was published. Immutable like the version itself.
CREATE TABLE course_version_files (
    version_id TEXT NOT NULL REFERENCES course_versions (id),
    path TEXT NOT NULL,
    contents BYTEA NOT NULL,
    PRIMARY KEY (version_id, path)
);

-- A trainer's saved but unpublished edit of one file of a course, shared by the course's
-- editors. The working copy of a course is its newest version's files with these on top;
-- publishing turns the working copy into a new version and removes the drafts. A course that
-- was created in the browser and never published exists only here. A draft with deleted = 1
-- removes that file from the working copy (a module deleted in the browser, or a file missing
-- from an uploaded zip).
CREATE TABLE course_drafts (
    course_slug TEXT NOT NULL,
    path TEXT NOT NULL,
    contents BYTEA NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (course_slug, path)
);
