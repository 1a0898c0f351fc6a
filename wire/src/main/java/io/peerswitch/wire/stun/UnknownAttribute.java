package io.peerswitch.wire.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute of a type this codec does not understand, kept as bytes so that a server can answer
 * a comprehension-required one with 420 and a client can ignore an optional one (RFC 8489 section 6.3).
 */
public record UnknownAttribute(int type, byte[] value) implements StunAttribute {

    /** Largest value an attribute's 16-bit length field can describe. */
    public static final int MAX_VALUE_LENGTH = 0xFFFF;

    /** Refuses the types of the records of this package, so every attribute has one representation only. */
    public UnknownAttribute {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("an attribute type has 16 bits: " + type);
        }
        if (AttributeCodec.isKnown(type)) {
            throw new IllegalArgumentException(AttributeCodec.name(type) + " has a record of its own");
        }
        if (value == null || value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("an attribute value has 0 to " + MAX_VALUE_LENGTH + " bytes");
        }
        value = value.clone();
    }

    /** Whether a receiver that does not understand this attribute must reject the message (types below 0x8000). */
    public boolean comprehensionRequired() {
        return StunAttribute.isComprehensionRequired(type);
    }

    /** A copy of the value, without padding. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnknownAttribute unknown && type == unknown.type && Arrays.equals(value, unknown.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("UnknownAttribute[type=0x%04X, value=%s]", type, HexFormat.of().formatHex(value));
    }
}
