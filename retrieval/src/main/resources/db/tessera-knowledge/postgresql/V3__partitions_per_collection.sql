-- Chunks partitioned by tenant, then by collection: each collection of each tenant is a table of its own with its own
-- HNSW, full-text and scope indexes. A search reads only its tenant's and the shared partitions (the planner prunes
-- the others), and a bulk load (PgVectorKnowledgeStore.bulkLoad) fills a new table without index upkeep, builds its
-- indexes once and swaps it in for the collection's table.
ALTER TABLE tessera_knowledge_chunk RENAME TO tessera_knowledge_chunk_unpartitioned;
ALTER SEQUENCE tessera_knowledge_chunk_id_seq OWNED BY NONE;
ALTER TABLE tessera_knowledge_chunk_unpartitioned DROP CONSTRAINT tessera_knowledge_chunk_pkey;
DROP INDEX tessera_knowledge_chunk_scope;
DROP INDEX tessera_knowledge_chunk_text;
DROP INDEX tessera_knowledge_chunk_embedding;

CREATE TABLE tessera_knowledge_chunk (
    id             BIGINT       NOT NULL DEFAULT nextval('tessera_knowledge_chunk_id_seq'),
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
        setweight(to_tsvector('english', section), 'A') || to_tsvector('english', content)) STORED,
    PRIMARY KEY (tenant_id, collection, id)
) PARTITION BY LIST (tenant_id);
ALTER SEQUENCE tessera_knowledge_chunk_id_seq OWNED BY tessera_knowledge_chunk.id;

-- The table of a tenant's collection, made (with its tenant's) when missing; returns its name. Names are hashes, as
-- tenant and collection names need not be identifiers.
CREATE FUNCTION tessera_knowledge_partition(p_tenant TEXT, p_collection TEXT) RETURNS TEXT
LANGUAGE plpgsql AS $$
DECLARE
    tenant_table     TEXT := 'tessera_kc_t' || left(md5(p_tenant), 16);
    collection_table TEXT := 'tessera_kc_c' || left(md5(p_tenant || '/' || p_collection), 16);
BEGIN
    IF to_regclass(quote_ident(tenant_table)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF tessera_knowledge_chunk FOR VALUES IN (%L) PARTITION BY LIST (collection)',
                       tenant_table, p_tenant);
    END IF;
    IF to_regclass(quote_ident(collection_table)) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', collection_table, tenant_table, p_collection);
    END IF;
    RETURN collection_table;
END $$;

DO $$
DECLARE
    scope RECORD;
BEGIN
    FOR scope IN SELECT DISTINCT tenant_id, collection FROM tessera_knowledge_chunk_unpartitioned LOOP
        PERFORM tessera_knowledge_partition(scope.tenant_id, scope.collection);
    END LOOP;
END $$;

INSERT INTO tessera_knowledge_chunk (id, tenant_id, collection, document_id, document_title, section, content,
                                     start_offset, end_offset, metadata, embedding)
SELECT id, tenant_id, collection, document_id, document_title, section, content, start_offset, end_offset, metadata,
       embedding
FROM tessera_knowledge_chunk_unpartitioned;

-- the indexes after the rows: each partition's HNSW graph built once rather than kept up row by row
SET maintenance_work_mem = '1GB';
CREATE INDEX tessera_knowledge_chunk_scope ON tessera_knowledge_chunk (collection, tenant_id, document_id);
CREATE INDEX tessera_knowledge_chunk_text ON tessera_knowledge_chunk USING gin (search_text);
CREATE INDEX tessera_knowledge_chunk_embedding ON tessera_knowledge_chunk
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
RESET maintenance_work_mem;

DROP TABLE tessera_knowledge_chunk_unpartitioned;
