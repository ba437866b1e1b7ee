-- Webhook deliveries: an outbox filled in the transaction of the change an event reports, and the delivery log.
-- Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_webhook_delivery (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    event_id        VARCHAR(36)  NOT NULL,
    event_type      VARCHAR(100) NOT NULL,
    tenant_id       VARCHAR(100) NOT NULL,
    endpoint        VARCHAR(100) NOT NULL,
    url             TEXT         NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,   -- PENDING, DELIVERED, FAILED
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX tessera_webhook_due ON tessera_webhook_delivery (status, next_attempt_at);
CREATE INDEX tessera_webhook_by_tenant ON tessera_webhook_delivery (tenant_id, created_at);
