package io.peerswitch.endpoint.call.sdp;

/**
 * A {@code c=} line (RFC 8866 section 5.7) with network type IN: address type IP4 or IP6 and the
 * address, which may be a literal, a name or a multicast address with its suffix.
 */
public record Connection(String addressType, String address) {

    /** The address type of IPv4. */
    public static final String IP4 = "IP4";
    /** The address type of IPv6. */
    public static final String IP6 = "IP6";
    /** The address an RFC 2543 endpoint puts on hold with (RFC 3264 section 8.4). */
    public static final String UNSPECIFIED_IP4 = "0.0.0.0";

    /** Checks the address type and that the address is a token. */
    public Connection {
        if (!IP4.equals(addressType) && !IP6.equals(addressType)) {
            throw new IllegalArgumentException("address type must be IP4 or IP6, was " + addressType);
        }
        Tokens.token(address, "connection address");
    }

    /** A connection for an address literal: IP6 if it contains ':', IP4 otherwise. */
    public static Connection of(String address) {
        return new Connection(address.indexOf(':') >= 0 ? IP6 : IP4, address);
    }

    /** Whether this is the old-style hold address {@code c=IN IP4 0.0.0.0} (RFC 3264 section 8.4). */
    public boolean isHold() {
        return IP4.equals(addressType) && UNSPECIFIED_IP4.equals(address);
    }
}
