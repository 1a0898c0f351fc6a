/**
 * NAT handling of the endpoint: STUN (RFC 8489) on the SIP socket itself, so the public address it
 * learns is the one its peers reach (FIG. 5 steps 502-504), and the keepalives that hold the NAT
 * mapping open.
 */
package io.peerswitch.endpoint.nat;
