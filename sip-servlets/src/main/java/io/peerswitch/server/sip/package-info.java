/**
 * The access server's SIP face (FIG. 6): the JAIN-SIP RI started inside WildFly behind
 * {@link io.peerswitch.server.sip.ServerSipChannel}, and the channel over which endpoints subscribe to
 * the server's notices and the server NOTIFYs them. No SIP Servlets: see docs/sip-in-wildfly.md.
 */
package io.peerswitch.server.sip;
