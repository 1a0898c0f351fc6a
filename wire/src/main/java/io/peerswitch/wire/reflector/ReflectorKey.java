package io.peerswitch.wire.reflector;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A secret the access server and the reflectors share, by number, so keys can be rotated: tokens name
 * the key that made them (docs/reflector.md, "Keys").
 *
 * @param id     0 to 255
 * @param secret 32 bytes or more
 */
public record ReflectorKey(int id, byte[] secret) {

    /** Shortest secret accepted (HMAC-SHA256's output length, RFC 2104 section 3). */
    public static final int MIN_SECRET_BYTES = 32;

    public ReflectorKey {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("a reflector key id must be 0 to 255, was " + id);
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a reflector key must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** A short fingerprint for logs (first 4 bytes of the SHA-256 of the secret), never the secret. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(secret), 4));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReflectorKey k && k.id == id && MessageDigest.isEqual(k.secret, secret);
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "ReflectorKey[id=" + id + ", fingerprint=" + fingerprint() + "]";
    }
}
