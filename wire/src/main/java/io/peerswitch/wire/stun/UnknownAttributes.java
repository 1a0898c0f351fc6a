package io.peerswitch.wire.stun;

import java.util.List;

/**
 * UNKNOWN-ATTRIBUTES: the comprehension-required attribute types a server did not understand, sent
 * with error 420 (RFC 8489 section 14.13); not to be confused with {@link UnknownAttribute}, one
 * attribute of a type this codec does not know.
 */
public record UnknownAttributes(List<Integer> types) implements StunAttribute {

    /** Attribute type 0x000A. */
    public static final int TYPE = 0x000A;

    /** Checks that every type fits 16 bits. */
    public UnknownAttributes {
        if (types == null) {
            throw new IllegalArgumentException("UNKNOWN-ATTRIBUTES needs a list of types");
        }
        types = List.copyOf(types);
        for (int type : types) {
            if (type < 0 || type > 0xFFFF) {
                throw new IllegalArgumentException("UNKNOWN-ATTRIBUTES lists 16-bit types: " + type);
            }
        }
    }

    @Override
    public int type() {
        return TYPE;
    }
}
