/**
 * The {@link io.peerswitch.endpoint.sip.SipTransport} built on the JAIN-SIP reference implementation:
 * its transaction layer and transports, our records at the boundary, its loggers routed to
 * java.util.logging, and one UDP socket shared with STUN (FIG. 5: the address STUN learns is the one
 * peers reach).
 */
package io.peerswitch.endpoint.sip.jain;
