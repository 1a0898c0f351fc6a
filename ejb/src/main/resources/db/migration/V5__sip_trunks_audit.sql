-- Peerswitch access server, schema version 5: the external SIP devices (IP-PBXs, gateways) that may send
-- INVITEs to the redirect server (FIG. 15), and the audit trail of administrative changes.
-- A trunk's password is never stored: only its digest HA1 for each algorithm, H(name:realm:password)
-- (RFC 3261 section 22.4, RFC 8760), which is valid for that realm only. Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE SEQUENCE sip_trunk_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE sip_trunk (
    id          BIGINT                      NOT NULL,
    name        VARCHAR(64)                 NOT NULL,
    description VARCHAR(256),
    realm       VARCHAR(128)                NOT NULL,
    ha1_md5     VARCHAR(32)                 NOT NULL,
    ha1_sha256  VARCHAR(64)                 NOT NULL,
    enabled     BOOLEAN                     NOT NULL,
    all_users   BOOLEAN                     NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version     BIGINT                      NOT NULL,
    CONSTRAINT pk_sip_trunk PRIMARY KEY (id),
    CONSTRAINT uk_sip_trunk_name UNIQUE (name)
);

-- The users a trunk without all_users may reach.
CREATE TABLE sip_trunk_user (
    trunk_id   BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    CONSTRAINT pk_sip_trunk_user PRIMARY KEY (trunk_id, account_id),
    CONSTRAINT fk_sip_trunk_user_trunk FOREIGN KEY (trunk_id) REFERENCES sip_trunk (id) ON DELETE CASCADE,
    CONSTRAINT fk_sip_trunk_user_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

-- Source addresses (CIDR) whose INVITEs are taken as the trunk's without a digest challenge (an IP trunk).
CREATE TABLE sip_trunk_address (
    trunk_id BIGINT      NOT NULL,
    cidr     VARCHAR(64) NOT NULL,
    CONSTRAINT pk_sip_trunk_address PRIMARY KEY (trunk_id, cidr),
    CONSTRAINT fk_sip_trunk_address_trunk FOREIGN KEY (trunk_id) REFERENCES sip_trunk (id) ON DELETE CASCADE
);

CREATE SEQUENCE admin_audit_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE admin_audit (
    id          BIGINT                      NOT NULL,
    at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor       VARCHAR(64)                 NOT NULL,
    action      VARCHAR(64)                 NOT NULL,
    target      VARCHAR(128)                NOT NULL,
    detail      VARCHAR(1024),
    CONSTRAINT pk_admin_audit PRIMARY KEY (id)
);

CREATE INDEX ix_admin_audit_at ON admin_audit (at);
