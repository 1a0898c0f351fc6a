package io.peerswitch.endpoint.sip;

/** Names one client transaction (RFC 3261 section 17.1) so responses and timeouts can be matched to the request. */
public record ClientTransaction(long id, String method) {
}
