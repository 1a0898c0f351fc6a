package io.peerswitch.wire.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** Digest algorithms a SIP element offers and accepts (RFC 8760 section 2; RFC 3261 section 22.4). */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String jca;

    DigestAlgorithm(String token, String jca) {
        this.token = token;
        this.jca = jca;
    }

    /** The algorithm's token on the wire. */
    public String token() {
        return token;
    }

    /**
     * The algorithm named {@code token} (case-insensitive); an absent algorithm means MD5 (RFC 2617 section
     * 3.2.1); the "-sess" variants and anything else are not supported.
     */
    public static Optional<DigestAlgorithm> of(String token) {
        if (token == null) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of H(text) over the UTF-8 octets of {@code text}. */
    public String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return token.toUpperCase(Locale.ROOT);
    }
}
