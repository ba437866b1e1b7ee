-- Assistant definitions as versions: each assistant's assistant.yaml texts 1..N, never rewritten, and which one is
-- active. Version 1 is the pack file as first imported; later versions come from edits, rollbacks (a copy of an
-- older text) and changed pack files. Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_assistant (
    id             VARCHAR(63) NOT NULL PRIMARY KEY,
    enabled        BOOLEAN     NOT NULL,
    active_version INTEGER     NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tessera_assistant_version (
    assistant_id   VARCHAR(63)  NOT NULL REFERENCES tessera_assistant (id),
    version        INTEGER      NOT NULL,
    yaml           TEXT         NOT NULL,
    origin         VARCHAR(16)  NOT NULL,
    author         VARCHAR(200) NOT NULL,
    change_comment TEXT,
    restored_from  INTEGER,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (assistant_id, version)
);
