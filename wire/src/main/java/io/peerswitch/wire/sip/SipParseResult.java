package io.peerswitch.wire.sip;

/**
 * What {@link SipCodec#parse} made of some octets (RFC 3261 sections 7, 8.2 and 18.3): a valid message, a
 * request to answer with an error status, or something to discard silently.
 */
public sealed interface SipParseResult {

    /** A message that passed every check the codec makes (RFC 3261 section 7, RFC 4475 section 3). */
    record Parsed(SipMessage message) implements SipParseResult {
    }

    /**
     * A malformed request to answer (RFC 3261 section 8.2) with {@code status} (400, 501, 505 or 513) and
     * {@code reason} as reason phrase, {@code request} holding its Request-Line and the header fields that
     * could be read (no body), enough for {@link SipResponses#reply}; never produced for ACK.
     */
    record Rejected(int status, String reason, SipRequest request) implements SipParseResult {
    }

    /**
     * Octets to discard (RFC 3261 section 18.3, RFC 4475 section 3.1.2.19): not SIP, a malformed response, or
     * a request that cannot (no Via) or must not (ACK) be answered.
     */
    record Dropped(String reason) implements SipParseResult {
    }
}
