-- Peerswitch access server, schema version 6: external routing tables (FIG. 12-14). A route sends dialled
-- numbers matching a pattern to a gateway or IP-PBX; its table is the subscription plan that grants it.
-- Every change is numbered (route_version, one row, locked by each writer, so numbers commit in order) and
-- logged (route_change), so that an endpoint can fetch only what changed since the version it has.
-- Portable SQL for H2 2.x and PostgreSQL 12+.

CREATE SEQUENCE external_route_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE external_route (
    id          BIGINT                      NOT NULL,
    route_table VARCHAR(64)                 NOT NULL,
    pattern     VARCHAR(64)                 NOT NULL,
    priority    INTEGER                     NOT NULL,
    gateway     VARCHAR(256)                NOT NULL,
    username    VARCHAR(128),
    password    VARCHAR(128),
    strip       INTEGER                     NOT NULL,
    prefix      VARCHAR(16)                 NOT NULL,
    description VARCHAR(256),
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_external_route PRIMARY KEY (id)
);

CREATE INDEX ix_external_route_table ON external_route (route_table);

CREATE TABLE route_version (
    id      INTEGER NOT NULL,
    version BIGINT  NOT NULL,
    CONSTRAINT pk_route_version PRIMARY KEY (id),
    CONSTRAINT ck_route_version_single CHECK (id = 1)
);

INSERT INTO route_version (id, version) VALUES (1, 0);

CREATE TABLE route_change (
    version     BIGINT                      NOT NULL,
    route_table VARCHAR(64)                 NOT NULL,
    route_id    BIGINT                      NOT NULL,
    removed     BOOLEAN                     NOT NULL,
    at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_route_change PRIMARY KEY (version, route_table, route_id)
);

CREATE INDEX ix_route_change_table ON route_change (route_table, version);
