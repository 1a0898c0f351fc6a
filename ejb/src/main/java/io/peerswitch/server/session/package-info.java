/**
 * The session table (FIG. 4: "updates a session table ... to indicate that the user ID ... is online"):
 * who is online at which locations, kept in an Infinispan cache rather than the database, with
 * login, keepalive, logout and expiry of silent locations.
 */
package io.peerswitch.server.session;
