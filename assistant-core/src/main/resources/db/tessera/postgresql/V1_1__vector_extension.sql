-- pgvector, for the postgres knowledge store. Needs a role allowed to create extensions.
CREATE EXTENSION IF NOT EXISTS vector;
