package io.peerswitch.endpoint.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate fingerprint as SDP's {@code a=fingerprint} carries it (RFC 8122 section 5): a hash function
 * name and the hash of the DER certificate, written as upper-case hex pairs separated by colons.
 *
 * @param algorithm  the hash function's textual name, lower case ({@value #SHA_256} is the only one accepted)
 * @param digest     the hash of the certificate
 */
public record Fingerprint(String algorithm, byte[] digest) {

    /** The hash function offered and accepted (RFC 8122 section 5: SHA-256 is what everyone supports). */
    public static final String SHA_256 = "sha-256";
    /** Length of a SHA-256 digest. */
    public static final int SHA_256_BYTES = 32;
    /** The SDP attribute name. */
    public static final String ATTRIBUTE = "fingerprint";
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    /** Checks the algorithm and the digest length, and copies the digest. */
    public Fingerprint {
        if (!SHA_256.equals(algorithm)) {
            throw new IllegalArgumentException("only " + SHA_256 + " fingerprints are accepted, was " + algorithm);
        }
        if (digest.length != SHA_256_BYTES) {
            throw new IllegalArgumentException("a " + SHA_256 + " fingerprint has " + SHA_256_BYTES + " bytes, was " + digest.length);
        }
        digest = digest.clone();
    }

    /** The SHA-256 fingerprint of a DER certificate. */
    public static Fingerprint of(byte[] der) {
        return new Fingerprint(SHA_256, sha256(der));
    }

    /** Parses the value of an {@code a=fingerprint} ({@code sha-256 AB:CD:...}); empty when malformed or another hash. */
    public static Optional<Fingerprint> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.strip().split(" +", 2);
        if (parts.length != 2 || !SHA_256.equals(parts[0].toLowerCase(Locale.ROOT))
                || parts[1].length() != SHA_256_BYTES * 3 - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Fingerprint(SHA_256, HEX.parseHex(parts[1].toUpperCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code der} is the certificate this fingerprint names (constant time). */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(digest, sha256(der));
    }

    /** The digest, copied. */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The attribute value: {@code sha-256 AB:CD:...}. */
    public String attributeValue() {
        return algorithm + " " + HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fingerprint f && f.algorithm.equals(algorithm) && MessageDigest.isEqual(f.digest, digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, java.util.Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return attributeValue();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
