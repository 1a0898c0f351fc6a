package io.peerswitch.wire.stun;

/** ERROR-CODE: a code from 300 to 699 and a reason phrase, carried by every error response (RFC 8489 section 14.8). */
public record ErrorCode(int code, String reason) implements StunAttribute {

    /** Attribute type 0x0009. */
    public static final int TYPE = 0x0009;

    /** Smallest error code (class 3). */
    public static final int MIN_CODE = 300;

    /** Largest error code (class 6, number 99). */
    public static final int MAX_CODE = 699;

    /** 420 Unknown Attribute: the request had comprehension-required attributes the server does not understand. */
    public static final int UNKNOWN_ATTRIBUTE = 420;

    /** Checks the code and the reason phrase (fewer than 128 characters). */
    public ErrorCode {
        if (code < MIN_CODE || code > MAX_CODE) {
            throw new IllegalArgumentException("ERROR-CODE must be " + MIN_CODE + " to " + MAX_CODE + ": " + code);
        }
        StunText.checkPhrase(reason, "ERROR-CODE reason phrase");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
