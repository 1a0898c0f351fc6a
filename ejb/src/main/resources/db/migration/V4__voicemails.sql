-- Peerswitch access server, schema version 4: voicemails kept for their recipients (FIG. 10, 11). The
-- audio lives in a file of the voicemail directory named by the id; this row says how much of it has
-- arrived (an interrupted upload resumes there) and whether it is complete. A row lives until its
-- recipient deletes it. Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE voicemail (
    id              VARCHAR(36)                 NOT NULL,
    recipient_id    BIGINT                      NOT NULL,
    sender_id       BIGINT                      NOT NULL,
    deposit_id      VARCHAR(64)                 NOT NULL,
    content_type    VARCHAR(64)                 NOT NULL,
    size_bytes      BIGINT                      NOT NULL,
    sha256          VARCHAR(64)                 NOT NULL,
    duration_ms     BIGINT,
    received_bytes  BIGINT                      NOT NULL,
    complete        BOOLEAN                     NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_voicemail PRIMARY KEY (id),
    CONSTRAINT uk_voicemail_deposit UNIQUE (sender_id, deposit_id),
    CONSTRAINT fk_voicemail_recipient FOREIGN KEY (recipient_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_voicemail_sender FOREIGN KEY (sender_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX ix_voicemail_recipient ON voicemail (recipient_id, created_at);
