/**
 * Presence directly between endpoints (FIG. 4 step 410, FIG. 5 steps 510-514; claims 1, 6, 11-13): each
 * endpoint subscribes to its online buddies' presence (RFC 3856 over RFC 6665) and notifies its own
 * watchers, with PIDF documents (RFC 3863, RPID RFC 4480) carrying status and contact address.
 */
package io.peerswitch.endpoint.presence;
