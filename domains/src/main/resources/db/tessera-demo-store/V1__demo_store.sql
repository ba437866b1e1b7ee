-- The demo store behind the e-commerce pack's tools (order-status, start-return in the domains module): customers,
-- orders, order lines and returns, per tenant. Portable SQL: runs on H2 and PostgreSQL.
-- The demo store's own history (tessera_demo_store_schema_history), applied only where the demo store is present.
-- "IF NOT EXISTS": databases created before the demo store kept its own migrations already hold these tables (core
-- migration 7), and keep them.
CREATE TABLE IF NOT EXISTS tessera_demo_customer (
    tenant_id   VARCHAR(100) NOT NULL,
    customer_id BIGINT       NOT NULL,
    name        VARCHAR(200) NOT NULL,
    email       VARCHAR(320) NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS tessera_demo_customer_by_email ON tessera_demo_customer (tenant_id, email);

CREATE TABLE IF NOT EXISTS tessera_demo_order (
    tenant_id     VARCHAR(100) NOT NULL,
    order_number  VARCHAR(20)  NOT NULL,
    customer_id   BIGINT       NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    placed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    shipped_at    TIMESTAMP WITH TIME ZONE,
    delivered_at  TIMESTAMP WITH TIME ZONE,
    carrier       VARCHAR(40),
    tracking_code VARCHAR(40),
    total_cents   BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, order_number),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES tessera_demo_customer (tenant_id, customer_id)
);

CREATE TABLE IF NOT EXISTS tessera_demo_order_item (
    tenant_id        VARCHAR(100) NOT NULL,
    order_number     VARCHAR(20)  NOT NULL,
    line             INTEGER      NOT NULL,
    product          VARCHAR(200) NOT NULL,
    quantity         INTEGER      NOT NULL,
    unit_price_cents BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, order_number, line),
    FOREIGN KEY (tenant_id, order_number) REFERENCES tessera_demo_order (tenant_id, order_number)
);

-- One return per order in the demo store.
CREATE TABLE IF NOT EXISTS tessera_demo_return (
    tenant_id    VARCHAR(100) NOT NULL,
    rma_number   VARCHAR(32)  NOT NULL,
    order_number VARCHAR(20)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, rma_number),
    FOREIGN KEY (tenant_id, order_number) REFERENCES tessera_demo_order (tenant_id, order_number)
);
CREATE UNIQUE INDEX IF NOT EXISTS tessera_demo_return_by_order ON tessera_demo_return (tenant_id, order_number);
