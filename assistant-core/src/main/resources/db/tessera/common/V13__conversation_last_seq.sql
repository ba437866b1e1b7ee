-- The position of each conversation's last message, kept on the conversation: the next position and the most recent
-- messages are then found by key, without reading the whole conversation (H2 cannot walk an index backwards, so
-- MAX(seq) and ORDER BY seq DESC read every message of the conversation).
ALTER TABLE tessera_conversation ADD COLUMN last_seq INTEGER DEFAULT 0 NOT NULL;
UPDATE tessera_conversation SET last_seq = COALESCE(
    (SELECT MAX(m.seq) FROM tessera_message m WHERE m.conversation_id = tessera_conversation.id), 0);
