-- Peerswitch access server, schema version 8: device certificates of stock SIP clients (docs/security.md,
-- "Stock SIP clients"). Each certificate the user authority issued for a user's device, until it expires, so
-- the user can list and revoke it and the user's buddies' endpoints learn the fingerprints of revoked ones.
-- Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE TABLE device_certificate (
    device_id   VARCHAR(40)                 NOT NULL,
    account_id  BIGINT                      NOT NULL,
    name        VARCHAR(64),
    fingerprint VARCHAR(95)                 NOT NULL,
    issued_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    not_after   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT pk_device_certificate PRIMARY KEY (device_id),
    CONSTRAINT fk_device_certificate_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE INDEX ix_device_certificate_account ON device_certificate (account_id);
