package io.peerswitch.server.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer token of one location (RFC 6750): {@code ps1.<user>.<location>.<secret>}. The user and
 * location parts select the session-table entry; only the SHA-256 of the secret is stored, and it is
 * compared in constant time, so a leaked session table yields no usable token.
 */
public record SessionToken(String userId, String locationId, String secret) {

    /** Random bytes in the secret part (256 bits). */
    public static final int SECRET_BYTES = 32;
    /** Random bytes in a location ID (128 bits). */
    public static final int LOCATION_ID_BYTES = 16;
    /** Longest token accepted in an Authorization header. */
    public static final int MAX_LENGTH = 256;

    private static final String PREFIX = "ps1";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A new token for a new location of {@code userId}. */
    public static SessionToken issue(String userId, SecureRandom random) {
        byte[] location = new byte[LOCATION_ID_BYTES];
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(location);
        random.nextBytes(secret);
        return new SessionToken(userId, B64.encodeToString(location), B64.encodeToString(secret));
    }

    /** Parses a token as the client presented it; empty for anything malformed. */
    public static Optional<SessionToken> parse(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return Optional.empty();
        }
        for (int i = 1; i < 4; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                return Optional.empty();
            }
        }
        try {
            String user = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8);
            return Optional.of(new SessionToken(user, parts[2], parts[3]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token as sent to the client. */
    public String encode() {
        return PREFIX + "." + B64.encodeToString(userId.getBytes(StandardCharsets.UTF_8)) + "." + locationId + "." + secret;
    }

    /** What the session table stores instead of the secret. */
    public String secretHash() {
        return B64.encodeToString(sha256(secret));
    }

    /** Whether this token's secret is the one whose hash is {@code storedHash} (constant time). */
    public boolean matches(String storedHash) {
        return MessageDigest.isEqual(secretHash().getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "SessionToken[userId=" + userId + ", locationId=" + locationId + ", secret=***]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
