-- Ingestion jobs beyond the process that runs them: a job's status survives a restart, and a job whose server died
-- (no heartbeat) is ended FAILED by whichever server sees it. Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_ingestion_job (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind         VARCHAR(16)  NOT NULL,   -- INGEST, REINDEX
    tenant_id    VARCHAR(100) NOT NULL,
    collection   VARCHAR(100) NOT NULL,
    state        VARCHAR(16)  NOT NULL,   -- QUEUED, RUNNING, COMPLETED, FAILED
    total        INTEGER      NOT NULL,
    done         INTEGER      NOT NULL,
    results      TEXT         NOT NULL,   -- JSON array of the processed documents' results
    error        TEXT,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tessera_ingestion_job_unfinished ON tessera_ingestion_job (state, heartbeat_at);
