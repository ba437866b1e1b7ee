-- The test library plug-in's own table, with its own history (tessera_test_library_schema_history).
CREATE TABLE test_library_loan (
    card  VARCHAR(10)  NOT NULL PRIMARY KEY,
    title VARCHAR(200) NOT NULL,
    due   VARCHAR(20)  NOT NULL
);
INSERT INTO test_library_loan (card, title, due) VALUES ('L1234', 'The Long Way Home', '12 May');
