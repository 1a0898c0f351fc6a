/**
 * What STUN tells an endpoint about itself (FIG. 5 steps 502-504): its transport addresses and the
 * type of NAT in front of it, in the classification of RFC 3489 section 5 that table 2300 is built on.
 */
package io.peerswitch.wire.nat;
