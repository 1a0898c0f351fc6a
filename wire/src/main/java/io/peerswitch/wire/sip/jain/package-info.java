/**
 * Adapters the endpoint and the access server both give the JAIN-SIP RI: its logs over
 * java.util.logging. Loaded only where JAIN-SIP is on the class path (an optional dependency of this module).
 */
package io.peerswitch.wire.sip.jain;
