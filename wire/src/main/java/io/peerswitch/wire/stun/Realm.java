package io.peerswitch.wire.stun;

/**
 * REALM: the realm of the long-term credential, already processed with the OpaqueString profile (RFC 8489
 * section 14.9).
 */
public record Realm(String value) implements StunAttribute {

    /** Attribute type 0x0014. */
    public static final int TYPE = 0x0014;

    /** Checks the value: valid Unicode of fewer than 128 characters. */
    public Realm {
        StunText.checkPhrase(value, "REALM");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
