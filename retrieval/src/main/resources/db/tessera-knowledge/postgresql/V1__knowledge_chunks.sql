-- Knowledge chunks for the postgres store: pgvector HNSW (cosine) + PostgreSQL full-text search.
-- Embeddings are the bundled encoder's 384 dimensions.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE tessera_knowledge_chunk (
    id             BIGSERIAL    PRIMARY KEY,
    tenant_id      VARCHAR(100) NOT NULL,
    collection     VARCHAR(100) NOT NULL,
    document_id    VARCHAR(500) NOT NULL,
    document_title TEXT         NOT NULL,
    section        TEXT         NOT NULL,
    content        TEXT         NOT NULL,
    start_offset   INTEGER      NOT NULL,
    end_offset     INTEGER      NOT NULL,
    metadata       JSONB        NOT NULL DEFAULT '{}',
    embedding      vector(384),
    -- headings weigh more than body text, as in the embedded store
    search_text    tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', section), 'A') || to_tsvector('english', content)) STORED
);

CREATE INDEX tessera_knowledge_chunk_scope ON tessera_knowledge_chunk (collection, tenant_id, document_id);
CREATE INDEX tessera_knowledge_chunk_text ON tessera_knowledge_chunk USING gin (search_text);
CREATE INDEX tessera_knowledge_chunk_embedding ON tessera_knowledge_chunk
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
