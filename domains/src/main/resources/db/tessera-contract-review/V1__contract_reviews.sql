-- Contract reviews: an uploaded contract, its analysis (the risk report as JSON) and the reviewer's decision, with
-- the comments made on the way. Portable SQL: runs on H2 and PostgreSQL.
-- The contract-review domain's own history (tessera_contract_review_schema_history). "IF NOT EXISTS": databases
-- created before the domain kept its own migrations already hold these tables (core migration 6), and keep them.
CREATE TABLE IF NOT EXISTS tessera_contract_review (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(100) NOT NULL,
    file_name     VARCHAR(255) NOT NULL,
    title         VARCHAR(500) NOT NULL,
    media_type    VARCHAR(100) NOT NULL,
    sha256        CHAR(64)     NOT NULL,   -- of the uploaded bytes
    content       TEXT         NOT NULL,   -- the contract's text: every span of the report points into it
    state         VARCHAR(20)  NOT NULL,   -- QUEUED, ANALYSED, FAILED, APPROVED, CHANGES_REQUESTED
    overall_risk  VARCHAR(10),
    report        TEXT,                    -- the risk report, JSON
    error         TEXT,                    -- why the analysis failed
    submitted_by  VARCHAR(100) NOT NULL,
    decided_by    VARCHAR(100),
    decision_note TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    analysed_at   TIMESTAMP WITH TIME ZONE,
    decided_at    TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tessera_contract_review_by_state ON tessera_contract_review (tenant_id, state, created_at);

CREATE TABLE IF NOT EXISTS tessera_contract_review_comment (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    review_id  VARCHAR(36)  NOT NULL REFERENCES tessera_contract_review (id),
    author     VARCHAR(100) NOT NULL,
    clause     VARCHAR(100),                -- the clause number it is about, when it is about one
    text       TEXT         NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tessera_contract_review_comment_by_review ON tessera_contract_review_comment (review_id, created_at);
