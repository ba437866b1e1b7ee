-- The escalation budget (per tenant and period) and the hand-off queue. Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_escalation_budget (
    tenant_id    VARCHAR(100) NOT NULL,
    period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    escalations  BIGINT NOT NULL,
    tokens       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, period_start)
);

CREATE TABLE tessera_handoff (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(100) NOT NULL,
    conversation_id VARCHAR(36)  NOT NULL REFERENCES tessera_conversation (id),
    assistant_id    VARCHAR(63)  NOT NULL,
    turn_id         VARCHAR(36)  NOT NULL,
    reason          TEXT         NOT NULL,
    context         TEXT         NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    assignee        VARCHAR(100),
    resolution      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tessera_handoff_by_state ON tessera_handoff (tenant_id, state, created_at);
CREATE INDEX tessera_handoff_by_conversation ON tessera_handoff (conversation_id, state);
