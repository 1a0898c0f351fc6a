-- Peerswitch access server, schema version 3: buddy requests held until their target answers (FIG. 7-9).
-- An OPEN request waits for the target; a DENIED one stays until the period in which a repeat is
-- refused has passed. A granted request is deleted. Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE buddy_request (
    id           VARCHAR(36)                 NOT NULL,
    requester_id BIGINT                      NOT NULL,
    target_id    BIGINT                      NOT NULL,
    note         VARCHAR(256),
    state        VARCHAR(16)                 NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    answered_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_buddy_request PRIMARY KEY (id),
    CONSTRAINT uk_buddy_request UNIQUE (requester_id, target_id),
    CONSTRAINT fk_buddy_request_requester FOREIGN KEY (requester_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_buddy_request_target FOREIGN KEY (target_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT ck_buddy_request_not_self CHECK (requester_id <> target_id),
    CONSTRAINT ck_buddy_request_state CHECK (state IN ('OPEN', 'DENIED'))
);

CREATE INDEX ix_buddy_request_target ON buddy_request (target_id, created_at);
