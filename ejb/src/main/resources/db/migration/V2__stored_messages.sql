-- Peerswitch access server, schema version 2: instant messages kept for recipients who were offline or
-- unreachable (store-and-forward, claims 15-18). A row lives until its recipient tells the server to
-- delete it. Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE stored_message (
    id           VARCHAR(36)                 NOT NULL,
    recipient_id BIGINT                      NOT NULL,
    sender_id    BIGINT                      NOT NULL,
    deposit_id   VARCHAR(64)                 NOT NULL,
    body         VARCHAR(16384)              NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_stored_message PRIMARY KEY (id),
    CONSTRAINT uk_stored_message_deposit UNIQUE (sender_id, deposit_id),
    CONSTRAINT fk_stored_message_recipient FOREIGN KEY (recipient_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_stored_message_sender FOREIGN KEY (sender_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX ix_stored_message_recipient ON stored_message (recipient_id, created_at);
