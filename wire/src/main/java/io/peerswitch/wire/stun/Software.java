package io.peerswitch.wire.stun;

/** SOFTWARE: a description of the sending agent's software, for diagnostics only (RFC 8489 section 14.14). */
public record Software(String value) implements StunAttribute {

    /** Attribute type 0x8022. */
    public static final int TYPE = 0x8022;

    /** Checks the value: valid Unicode of fewer than 128 characters. */
    public Software {
        StunText.checkPhrase(value, "SOFTWARE");
    }

    @Override
    public int type() {
        return TYPE;
    }
}
