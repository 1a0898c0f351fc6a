/**
 * Store-and-forward (claims 15-18, FIG. 8-11): what the access server keeps for users who are offline or
 * unreachable until they retrieve it and tell the server to delete it. Nothing is acknowledged before it
 * is committed to the database.
 */
package io.peerswitch.server.store;
