/**
 * Our small interface to a SIP stack (RFC 3261 transaction layer and transport, sections 17-18):
 * call, IM and presence control speak to {@link io.peerswitch.endpoint.sip.SipTransport} with our
 * immutable message records; the JAIN-SIP RI behind it could be replaced without touching them.
 */
package io.peerswitch.endpoint.sip;
