package io.peerswitch.wire.stun;

/**
 * USERNAME: the user of the credential that keys MESSAGE-INTEGRITY, already processed with the
 * OpaqueString profile (RFC 8489 section 14.3).
 */
public record Username(String value) implements StunAttribute {

    /** Attribute type 0x0006. */
    public static final int TYPE = 0x0006;

    /**
     * Checks the value: valid Unicode of at most {@link StunCodec#MAX_USERNAME_BYTES} UTF-8 bytes, the
     * length section 14.3 requires every agent to parse (senders should stay below 509 bytes).
     */
    public Username {
        if (value == null) {
            throw new IllegalArgumentException("USERNAME needs a value");
        }
        int bytes = StunText.utf8(value, "USERNAME").length;
        if (bytes > StunCodec.MAX_USERNAME_BYTES) {
            throw new IllegalArgumentException("USERNAME is " + bytes + " bytes of UTF-8; at most "
                    + StunCodec.MAX_USERNAME_BYTES + " are allowed");
        }
    }

    @Override
    public int type() {
        return TYPE;
    }
}
