package io.peerswitch.endpoint.call.sdp;

/** Checks that keep SDP records formattable (RFC 8866 section 9 grammar): tokens have no whitespace, texts no line breaks. */
final class Tokens {

    private static final int MAX_LONG_DIGITS = 18;

    private Tokens() {
    }

    /** A non-empty value with no whitespace or control characters, like {@code token} and {@code unicast-address}. */
    static String token(String value, String field) {
        if (!isToken(value)) {
            throw new IllegalArgumentException(field + " must be non-empty, without whitespace or control characters: '" + value + "'");
        }
        return value;
    }

    /** Whether {@link #token} would accept {@code value}. */
    static boolean isToken(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** A value that may hold spaces but no CR, LF or NUL ({@code byte-string}); {@code null} stays {@code null}. */
    static String text(String value, String field) {
        if (value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(field + " must not contain CR, LF or NUL");
        }
        return value;
    }

    /** Whether {@code value} is 1 to {@code maxDigits} decimal digits. */
    static boolean isDigits(String value, int maxDigits) {
        if (value.isEmpty() || value.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** An unsigned decimal number of at most {@code maxDigits} (up to 18) digits, or -1 when {@code value} is not one. */
    static long unsignedDecimal(String value, int maxDigits) {
        if (maxDigits > MAX_LONG_DIGITS) {
            throw new IllegalArgumentException("at most " + MAX_LONG_DIGITS + " digits fit a long safely");
        }
        return isDigits(value, maxDigits) ? Long.parseLong(value) : -1;
    }
}
