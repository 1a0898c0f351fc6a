package io.peerswitch.wire.sip;

import java.util.Optional;

/** The CSeq header field (RFC 3261 section 20.16): a sequence number below 2**31 (section 8.1.1.5) and a method. */
public record CSeq(long number, String method) {

    /** Largest sequence number RFC 3261 section 8.1.1.5 allows. */
    public static final long MAX_NUMBER = 0x7FFF_FFFFL;

    /** Fails when {@code number} is outside 0 to {@link #MAX_NUMBER} or {@code method} is not a token. */
    public CSeq {
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("CSeq number must be between 0 and 2^31-1: " + number);
        }
        if (!SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("CSeq method must be a token: " + method);
        }
    }

    /** Parses {@code 1*DIGIT LWS Method}; empty when malformed or the number is 2**31 or more. */
    public static Optional<CSeq> parse(String text) {
        Cursor cursor = new Cursor(text);
        cursor.skipWs();
        long number = SipSyntax.boundedNumber(cursor.until(c -> !SipSyntax.isDigit(c)), MAX_NUMBER);
        if (number < 0 || !cursor.skipWs()) {
            return Optional.empty();
        }
        String method = cursor.token();
        cursor.skipWs();
        if (method.isEmpty() || !cursor.atEnd()) {
            return Optional.empty();
        }
        return Optional.of(new CSeq(number, method));
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
