package io.peerswitch.endpoint.sip;

/** Names one server transaction (RFC 3261 section 17.2), through which the request it carries is answered. */
public record ServerTransaction(long id, String method) {
}
