package io.peerswitch.wire.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The HMAC key of MESSAGE-INTEGRITY, from a short-term (RFC 8489 section 9.1.1) or a long-term
 * credential with the default MD5 password algorithm (section 9.2.2); copied in and out.
 */
public record IntegrityKey(byte[] bytes) {

    public IntegrityKey {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("an integrity key needs at least one byte");
        }
        bytes = bytes.clone();
    }

    /** Short-term key: the password's UTF-8 bytes; the caller has applied the OpaqueString profile (RFC 8265). */
    public static IntegrityKey shortTerm(String password) {
        return new IntegrityKey(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Long-term key: MD5(username ":" realm ":" password) over UTF-8; the caller has applied the
     * OpaqueString profile (SASLprep for RFC 5389 peers) to all three.
     */
    public static IntegrityKey longTerm(String username, String realm, String password) {
        try {
            byte[] input = (username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8);
            return new IntegrityKey(MessageDigest.getInstance("MD5").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** A copy of the key. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntegrityKey key && MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Says how long the key is, never what it is. */
    @Override
    public String toString() {
        return "IntegrityKey[" + bytes.length + " bytes]";
    }
}
