/**
 * External SIP devices (IP-PBXs, gateways, FIG. 15): their digest credentials and whom they may reach
 * through the redirect server, administered and audited here; the redirect server reads a snapshot.
 */
package io.peerswitch.server.trunk;
