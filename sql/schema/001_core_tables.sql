-- Analyst-facing tables (the contract in DESIGN.md). Columns may be added by a
-- later migration, never renamed. Every fact row carries partition_date and run_id;
-- run_id is derived from the partition's inputs, code and settings, so the same
-- inputs give the same ids. Uniqueness is enforced by sql/checks, not by keys:
-- a partition is replaced with DELETE + INSERT inside one transaction.

CREATE TABLE IF NOT EXISTS articles (
    article_id          VARCHAR NOT NULL,   -- stable hash of source_uri
    partition_date      DATE NOT NULL,
    run_id              VARCHAR NOT NULL,
    source_uri          VARCHAR NOT NULL,   -- landing-relative file, plus #record=N inside a JSONL file
    input_format        VARCHAR NOT NULL,   -- html / txt / json
    url                 VARCHAR,
    source_domain       VARCHAR,
    source_name         VARCHAR,            -- site name
    title               VARCHAR,
    authors             VARCHAR[],
    published_at        TIMESTAMP,          -- UTC
    published_at_source VARCHAR NOT NULL,   -- json-ld / meta / url / text / feed / none
    modified_at         TIMESTAMP,
    language            VARCHAR,
    text                VARCHAR NOT NULL,   -- clean body; paragraphs separated by a blank line
    word_count          INTEGER NOT NULL,
    content_hash        VARCHAR NOT NULL,   -- sha256 of the lower-cased, whitespace-folded text
    story_id            VARCHAR,            -- near-duplicate cluster (first version: exact copies)
    duplicate_of        VARCHAR,            -- earliest copy's article_id, NULL for the original
    themes              VARCHAR[],
    tone                DOUBLE
);

CREATE TABLE IF NOT EXISTS removed_spans (
    article_id     VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    position       INTEGER NOT NULL,        -- 0-based line number in the extracted text before filtering
    text           VARCHAR NOT NULL,
    rule           VARCHAR NOT NULL         -- the boilerplate rule that cut it
);

CREATE TABLE IF NOT EXISTS rejected_documents (
    source_uri     VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    stage          VARCHAR NOT NULL,        -- read / extract / quality
    reason         VARCHAR NOT NULL,
    detail         VARCHAR
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id      VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL,
    label          VARCHAR NOT NULL,
    country_code   VARCHAR,
    lat            DOUBLE,
    lon            DOUBLE,
    aliases        VARCHAR[]                -- every surface form seen in entity_mentions
);

CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id     VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    run_id         VARCHAR NOT NULL,
    entity_id      VARCHAR NOT NULL,
    text           VARCHAR NOT NULL,        -- surface form, = articles.text[start_char:end_char]
    label          VARCHAR NOT NULL,        -- spaCy's label for this mention
    sentence_index INTEGER NOT NULL,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id            VARCHAR NOT NULL,
    article_id          VARCHAR NOT NULL,
    partition_date      DATE NOT NULL,
    run_id              VARCHAR NOT NULL,
    sentence_index      INTEGER NOT NULL,
    start_char          INTEGER NOT NULL,   -- the evidence sentence in articles.text
    end_char            INTEGER NOT NULL,
    event_type          VARCHAR NOT NULL,   -- PLOVER
    quad_class          VARCHAR NOT NULL,
    trigger             VARCHAR NOT NULL,
    actor_entity_id     VARCHAR,
    actor_text          VARCHAR,
    recipient_entity_id VARCHAR,
    recipient_text      VARCHAR,
    location_entity_id  VARCHAR,
    event_date          DATE,
    date_text           VARCHAR,
    mode                VARCHAR NOT NULL,   -- asserted / negated / future / hypothetical
    confidence          DOUBLE NOT NULL,
    sentence            VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id              VARCHAR NOT NULL,
    partition_date      DATE NOT NULL,
    started_at          TIMESTAMP,          -- wall-clock: operational metadata, not data
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,
    orchestrator        VARCHAR,            -- cli / airflow
    orchestrator_run_id VARCHAR,            -- e.g. the Airflow dag run id
    code_version        VARCHAR NOT NULL,
    files_in            INTEGER NOT NULL,
    documents_in        INTEGER NOT NULL,
    documents_loaded    INTEGER NOT NULL,
    documents_rejected  INTEGER NOT NULL,
    spans_removed       INTEGER NOT NULL,
    entity_mentions     INTEGER NOT NULL,
    events              INTEGER NOT NULL
);
