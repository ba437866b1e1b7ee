-- Learning from escalations: each escalated or handed-off turn becomes a candidate example; a reviewer accepts it
-- (with the label of each task head), marks it out of scope or rejects it; accepted examples train new head
-- versions, which a promotion gate compares with the serving one. Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_learning_candidate (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(100) NOT NULL,
    assistant_id     VARCHAR(63)  NOT NULL,
    conversation_id  VARCHAR(36)  NOT NULL,
    turn_id          VARCHAR(36)  NOT NULL,
    message          TEXT         NOT NULL,
    predictions      TEXT         NOT NULL,
    route            VARCHAR(20)  NOT NULL,
    route_reason     TEXT         NOT NULL,
    answer           TEXT,
    answer_source    VARCHAR(20),
    answered_by      VARCHAR(200),
    state            VARCHAR(20)  NOT NULL,
    labels           TEXT,
    reviewed_by      VARCHAR(100),
    reviewed_at      TIMESTAMP WITH TIME ZONE,
    review_note      TEXT,
    knowledge_document VARCHAR(200),
    accepted_seq     BIGINT,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX tessera_learning_candidate_turn ON tessera_learning_candidate (turn_id);
CREATE INDEX tessera_learning_candidate_by_state ON tessera_learning_candidate (tenant_id, state, created_at);
CREATE INDEX tessera_learning_candidate_accepted ON tessera_learning_candidate (assistant_id, accepted_seq);

-- the order examples were accepted in: a counter row per assistant, so that every server numbers them alike and
-- the same examples are held back from training on every server
CREATE TABLE tessera_learning_counter (
    assistant_id VARCHAR(63) NOT NULL PRIMARY KEY,
    last_seq     BIGINT      NOT NULL
);

-- every retraining round of a head from accepted examples: the gate's comparison and what became of the version
CREATE TABLE tessera_head_promotion (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    assistant_id      VARCHAR(63)  NOT NULL,
    head              VARCHAR(100) NOT NULL,
    candidate_version INTEGER      NOT NULL,
    serving_version   INTEGER      NOT NULL,
    state             VARCHAR(20)  NOT NULL,
    through_seq       BIGINT       NOT NULL,
    trained_on        INTEGER      NOT NULL,
    held_back         INTEGER      NOT NULL,
    comparison        TEXT         NOT NULL,
    decided_by        VARCHAR(100) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tessera_head_promotion_by_head ON tessera_head_promotion (assistant_id, head, created_at);
