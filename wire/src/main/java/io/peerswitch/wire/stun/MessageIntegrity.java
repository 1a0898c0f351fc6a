package io.peerswitch.wire.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * MESSAGE-INTEGRITY: the HMAC-SHA1 of the message up to this attribute (RFC 8489 section 14.5),
 * which {@link StunCodec#appendIntegrity} computes and {@link StunCodec#verifyIntegrity} checks.
 */
public record MessageIntegrity(byte[] hmac) implements StunAttribute {

    /** Attribute type 0x0008. */
    public static final int TYPE = 0x0008;

    /** Length of an HMAC-SHA1. */
    public static final int LENGTH = 20;

    public MessageIntegrity {
        if (hmac == null || hmac.length != LENGTH) {
            throw new IllegalArgumentException("MESSAGE-INTEGRITY holds exactly " + LENGTH + " bytes");
        }
        hmac = hmac.clone();
    }

    /** A copy of the 20 bytes. */
    @Override
    public byte[] hmac() {
        return hmac.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageIntegrity integrity && Arrays.equals(hmac, integrity.hmac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
        return "MessageIntegrity[" + HexFormat.of().formatHex(hmac) + "]";
    }
}
