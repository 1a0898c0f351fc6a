package io.peerswitch.wire.stun;

/**
 * The 12-bit method of a STUN message (RFC 8489 section 5, registry of section 18.2); any value
 * decodes, since checking that the method is supported is the receiving agent's job (section 6.3).
 */
public record StunMethod(int code) {

    /** Largest method number: the method field has 12 bits. */
    public static final int MAX_CODE = 0xFFF;

    /** Binding (0x001), the only method of RFC 8489 itself. */
    public static final StunMethod BINDING = new StunMethod(0x001);

    public StunMethod {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("STUN method must be 0x000 to 0xFFF: " + code);
        }
    }

    @Override
    public String toString() {
        return code == BINDING.code ? "BINDING" : String.format("method 0x%03X", code);
    }
}
