-- One tamper-evident hash chain over the whole audit trail: the turns (tessera_audit_record) and the operators'
-- actions (tessera_audit_admin_action). Every record carries its position in the chain (seq, which is also its id),
-- the hash of the record before it (prev_hash) and its own hash (record_hash); the canonical form that is hashed is
-- specified in dev.tessera.core.audit.AuditHash. Portable SQL: runs on H2 and PostgreSQL.
--
-- Turn records written before this migration are sealed into the chain by the Java migration 3.1
-- (dev.tessera.core.audit.SealAuditRecordsMigration), which then makes the chain columns NOT NULL.

ALTER TABLE tessera_audit_record ADD COLUMN seq BIGINT;
ALTER TABLE tessera_audit_record ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE tessera_audit_record ADD COLUMN record_hash VARCHAR(64);
-- the rails that fired (detected), as ",name,name,": what GET /api/v1/audit?rail= filters on; hashed like the rest
ALTER TABLE tessera_audit_record ADD COLUMN rails_fired VARCHAR(1000);
CREATE UNIQUE INDEX tessera_audit_record_by_seq ON tessera_audit_record (seq);
CREATE INDEX tessera_audit_record_by_tenant_seq ON tessera_audit_record (tenant_id, seq);

-- Append-only, like tessera_audit_record: the application never updates or deletes rows here.
CREATE TABLE tessera_audit_admin_action (
    id           BIGINT        NOT NULL PRIMARY KEY,
    seq          BIGINT        NOT NULL,
    prev_hash    VARCHAR(64)   NOT NULL,
    record_hash  VARCHAR(64)   NOT NULL,
    tenant_id    VARCHAR(100)  NOT NULL,
    actor        VARCHAR(200)  NOT NULL,
    action       VARCHAR(100)  NOT NULL,
    target       VARCHAR(1000) NOT NULL,
    before_state TEXT,
    after_state  TEXT,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX tessera_audit_admin_by_seq ON tessera_audit_admin_action (seq);
CREATE INDEX tessera_audit_admin_by_tenant_seq ON tessera_audit_admin_action (tenant_id, seq);
CREATE INDEX tessera_audit_admin_by_time ON tessera_audit_admin_action (tenant_id, created_at);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so appends are serialized and the chain
-- never forks. last_hash of the empty chain is the genesis value, 64 zeros.
CREATE TABLE tessera_audit_chain_head (
    id        INTEGER     NOT NULL PRIMARY KEY,
    last_seq  BIGINT      NOT NULL,
    last_hash VARCHAR(64) NOT NULL
);
INSERT INTO tessera_audit_chain_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
