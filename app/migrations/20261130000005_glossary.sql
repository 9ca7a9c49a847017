-- The terminology glossary imported with the courses folder (`glossary.toml`), as JSON prepared
-- by the importer. One row per glossary; the shipped one is named 'courses'.
CREATE TABLE glossaries (
    name TEXT PRIMARY KEY,
    content_json TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
