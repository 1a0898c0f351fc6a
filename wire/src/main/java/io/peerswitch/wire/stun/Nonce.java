package io.peerswitch.wire.stun;

/**
 * NONCE: the server's nonce of the long-term credential mechanism, as qdtext or quoted-pair without the
 * quotes (RFC 8489 section 14.10).
 */
public record Nonce(String value) implements StunAttribute {

    /** Attribute type 0x0015. */
    public static final int TYPE = 0x0015;

    /** Checks the value: valid Unicode of fewer than 128 characters. */
    public Nonce {
        StunText.checkPhrase(value, "NONCE");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
