package io.peerswitch.wire.stun;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 96-bit transaction ID of a STUN message (RFC 8489 section 5): compared by content, and copied
 * in and out so that no caller can change one after the fact.
 */
public record TransactionId(byte[] bytes) {

    /** Length in bytes. */
    public static final int LENGTH = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    public TransactionId {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a transaction ID has exactly " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    /**
     * A fresh ID "uniformly and randomly chosen from the interval 0 .. 2**96-1" with a cryptographic
     * generator (section 5).
     */
    public static TransactionId random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new TransactionId(bytes);
    }

    /** A copy of the 12 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionId id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
