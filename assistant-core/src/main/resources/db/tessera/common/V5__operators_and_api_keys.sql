-- Operator accounts (console and admin API) and chat clients' API keys. Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_operator (
    username      VARCHAR(100) NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(100) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,  -- bcrypt
    roles         VARCHAR(100) NOT NULL,  -- comma-separated: ADMIN, REVIEWER, AUDITOR
    enabled       BOOLEAN      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tessera_api_key (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(100) NOT NULL,
    name         VARCHAR(100) NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    secret_hash  CHAR(64)     NOT NULL UNIQUE,  -- SHA-256 of the secret, hex
    assistants   TEXT         NOT NULL,         -- comma-separated assistant ids; empty for all
    created_by   VARCHAR(100) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX tessera_api_key_by_tenant ON tessera_api_key (tenant_id, created_at);
