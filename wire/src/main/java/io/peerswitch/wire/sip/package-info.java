/**
 * SIP messages as immutable records, and the codec every SIP message crosses into and out of our code
 * through (RFC 3261 sections 7, 18.3, 19, 20 and 25; RFC 4475 torture tests): {@link io.peerswitch.wire.sip.SipCodec}
 * parses octets into a {@link io.peerswitch.wire.sip.SipParseResult} without ever throwing on bad input and
 * formats records back; {@link io.peerswitch.wire.sip.SipResponses} and {@link io.peerswitch.wire.sip.UasChecks}
 * build the responses RFC 3261 section 8.2 calls for. No sockets, clocks or logging: transactions and
 * transport stay with the JAIN-SIP stack.
 */
package io.peerswitch.wire.sip;
