-- The uploaded bytes of each document, kept for re-indexing a collection.
CREATE TABLE tessera_knowledge_document (
    tenant_id   VARCHAR(100) NOT NULL,
    collection  VARCHAR(100) NOT NULL,
    document_id VARCHAR(500) NOT NULL,
    content     BYTEA        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, collection, document_id)
);
