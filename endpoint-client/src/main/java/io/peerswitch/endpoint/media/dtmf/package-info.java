/**
 * DTMF as RFC 4733 telephone-events: the 4-byte event payload (section 2.3), the packets a sender
 * emits for one key press (section 2.5.1), and a receiver that reports each key press once however
 * many packets carry it (section 2.5.2).
 */
package io.peerswitch.endpoint.media.dtmf;
