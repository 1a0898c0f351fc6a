-- Peerswitch access server, schema version 7: messages and voicemails end to end (docs/security.md,
-- "Messages end to end"). The server keeps each installation's latest message key credential, which a
-- mutual buddy seals what it leaves for an offline user for, and from now on keeps messages only as the
-- sealed envelopes it cannot read; rows kept before this version keep their text in clear (body).
-- Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE message_key (
    id          VARCHAR(36)                 NOT NULL,
    account_id  BIGINT                      NOT NULL,
    instance_id VARCHAR(64)                 NOT NULL,
    credential  VARCHAR(512)                NOT NULL,
    not_after   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_message_key PRIMARY KEY (id),
    CONSTRAINT uk_message_key_installation UNIQUE (account_id, instance_id),
    CONSTRAINT fk_message_key_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

ALTER TABLE stored_message ALTER COLUMN body DROP NOT NULL;
ALTER TABLE stored_message ADD COLUMN envelope VARCHAR(131072);
