package io.peerswitch.wire.sip;

/**
 * One header field (RFC 3261 section 7.3): its name in canonical form (compact forms expanded, known names
 * in registered case, unknown names as written) and its value unfolded and trimmed.
 */
public record SipHeader(String name, String value) {

    /** Canonicalises {@code name}; fails when it is not a token or {@code value} holds a CR or LF. */
    public SipHeader {
        if (!SipSyntax.isToken(name)) {
            throw new IllegalArgumentException("header name must be a token: " + name);
        }
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value must be present and hold no CR or LF");
        }
        name = HeaderNames.canonical(name);
    }

    /** Whether this field is named {@code other} (case-insensitive, compact forms accepted). */
    boolean is(String other) {
        return name.equalsIgnoreCase(HeaderNames.canonical(other));
    }
}
