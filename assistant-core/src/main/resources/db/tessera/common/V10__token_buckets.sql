-- Token buckets shared by every server on the database: failed sign-ins per user name and address, API keys' rates.
-- Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE tessera_token_bucket (
    bucket_key  VARCHAR(400) NOT NULL PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    refilled_at TIMESTAMP WITH TIME ZONE NOT NULL
);
