package io.peerswitch.wire;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) with one {@link Mac} per thread, so hot paths allocate no engine: reflector
 * tokens and packets, redirect grants, digest nonces.
 */
public final class Hmac {

    /** Bytes of an HMAC-SHA256. */
    public static final int LENGTH = 32;
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    });

    private Hmac() {
    }

    /** HMAC-SHA256 of {@code label} followed by {@code data[offset, offset+length)}. */
    public static byte[] of(byte[] key, byte[] label, byte[] data, int offset, int length) {
        Mac mac = init(key);
        mac.update(label);
        mac.update(data, offset, length);
        return mac.doFinal();
    }

    /** HMAC-SHA256 of two byte ranges in a row. */
    public static byte[] of(byte[] key, byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        Mac mac = init(key);
        mac.update(a, aOffset, aLength);
        mac.update(b, bOffset, bLength);
        return mac.doFinal();
    }

    /** Whether the first {@code length} bytes of {@code expected} equal {@code actual[offset...]}, in constant time. */
    public static boolean equal(byte[] expected, byte[] actual, int offset, int length) {
        byte[] a = java.util.Arrays.copyOf(expected, length);
        byte[] b = java.util.Arrays.copyOfRange(actual, offset, offset + length);
        return MessageDigest.isEqual(a, b);
    }

    /** HMAC-SHA256 of {@code data}. */
    public static byte[] of(byte[] key, byte[] data) {
        return init(key).doFinal(data);
    }

    private static Mac init(byte[] key) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac;
    }
}
