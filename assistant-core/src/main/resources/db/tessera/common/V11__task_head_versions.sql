-- Task-head versions published to every server on the database: a version trained (or promoted) on one server is
-- served by all of them. Each server keeps a copy of the files in its data directory; these rows are the original.
-- Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_task_head_version (
    assistant_id VARCHAR(100) NOT NULL,
    head         VARCHAR(100) NOT NULL,
    version      INTEGER      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (assistant_id, head, version)
);
CREATE TABLE tessera_task_head_file (
    assistant_id VARCHAR(100) NOT NULL,
    head         VARCHAR(100) NOT NULL,
    version      INTEGER      NOT NULL,
    file_name    VARCHAR(100) NOT NULL,
    content      BYTEA        NOT NULL,
    PRIMARY KEY (assistant_id, head, version, file_name),
    FOREIGN KEY (assistant_id, head, version) REFERENCES tessera_task_head_version (assistant_id, head, version)
);
-- which version of each head serves turns, on every server
CREATE TABLE tessera_task_head (
    assistant_id    VARCHAR(100) NOT NULL,
    head            VARCHAR(100) NOT NULL,
    serving_version INTEGER      NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (assistant_id, head)
);
