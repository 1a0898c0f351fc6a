package io.peerswitch.endpoint.call.sdp;

/**
 * The {@code o=} line (RFC 8866 section 5.2): who made the description, and the session id and
 * version that tell a re-offer from a repeat (RFC 3264 section 8).
 *
 * @param username        the originator's login, "-" when there is none
 * @param sessionId       digits, constant for the whole session
 * @param sessionVersion  an unsigned 64-bit counter (compare with {@link Long#compareUnsigned}),
 *                        incremented whenever the description changes
 * @param addressType     IP4 or IP6
 * @param address         the originator's address
 */
public record Origin(String username, String sessionId, long sessionVersion, String addressType, String address) {

    /** Checks the tokens and the address type. */
    public Origin {
        Tokens.token(username, "origin username");
        Tokens.token(sessionId, "session id");
        if (!Connection.IP4.equals(addressType) && !Connection.IP6.equals(addressType)) {
            throw new IllegalArgumentException("address type must be IP4 or IP6, was " + addressType);
        }
        Tokens.token(address, "origin address");
    }

    /** The same origin with the next session version, for a changed description (RFC 3264 section 8). */
    public Origin nextVersion() {
        return new Origin(username, sessionId, sessionVersion + 1, addressType, address);
    }
}
