-- The terminology glossary imported with the courses folder (`glossary.toml`), as JSON prepared
-- by the importer. One row per glossary; the shipped one is named 'courses'. `content_hash`
-- tells every instance whether the glossary it keeps in memory is still the stored one.
CREATE TABLE glossaries (
    name TEXT PRIMARY KEY,
    content_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
