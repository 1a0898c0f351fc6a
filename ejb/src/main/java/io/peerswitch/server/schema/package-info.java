/** Brings the database schema to the version this build needs (Flyway, {@code db/migration}) before anything reads it. */
package io.peerswitch.server.schema;
