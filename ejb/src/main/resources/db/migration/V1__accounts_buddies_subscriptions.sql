-- Peerswitch access server, schema version 1: accounts, buddy relations, subscriptions.
-- Portable SQL for H2 2.x and PostgreSQL 12+; Flyway applies it once, on the first start.

CREATE SEQUENCE account_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE account (
    id              BIGINT                   NOT NULL,
    user_id         VARCHAR(64)              NOT NULL,
    email           VARCHAR(254)             NOT NULL,
    display_name    VARCHAR(128),
    password_hash   VARCHAR(255)             NOT NULL,
    presence_status VARCHAR(32)              NOT NULL,
    status_note     VARCHAR(256),
    administrator   BOOLEAN                  NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_login_at   TIMESTAMP(6) WITH TIME ZONE,
    version         BIGINT                   NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT uk_account_user_id UNIQUE (user_id),
    CONSTRAINT uk_account_email UNIQUE (email)
);

CREATE SEQUENCE buddy_relation_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE buddy_relation (
    id       BIGINT                      NOT NULL,
    owner_id BIGINT                      NOT NULL,
    buddy_id BIGINT                      NOT NULL,
    state    VARCHAR(16)                 NOT NULL,
    since    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_buddy_relation PRIMARY KEY (id),
    CONSTRAINT uk_buddy_relation UNIQUE (owner_id, buddy_id),
    CONSTRAINT fk_buddy_relation_owner FOREIGN KEY (owner_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT fk_buddy_relation_buddy FOREIGN KEY (buddy_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT ck_buddy_relation_not_self CHECK (owner_id <> buddy_id),
    CONSTRAINT ck_buddy_relation_state CHECK (state IN ('PENDING', 'ACCEPTED', 'BLOCKED'))
);

CREATE INDEX ix_buddy_relation_buddy ON buddy_relation (buddy_id);

CREATE SEQUENCE subscription_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE subscription (
    id          BIGINT                      NOT NULL,
    account_id  BIGINT                      NOT NULL,
    plan        VARCHAR(64)                 NOT NULL,
    valid_from  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    valid_until TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_subscription PRIMARY KEY (id),
    CONSTRAINT uk_subscription UNIQUE (account_id, plan),
    CONSTRAINT fk_subscription_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
