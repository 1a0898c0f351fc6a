package io.peerswitch.wire.session;

import io.peerswitch.wire.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The permission the redirect server puts in each Contact of its 302 (FIG. 15), as URI parameter
 * {@value #PARAMETER}: {@code <expiry seconds>.<trunk>.<MAC>}, an HMAC-SHA256 over user, location, trunk, expiry
 * and the redirected INVITE's Call-ID and From tag, keyed with the SHA-256 of the location's session-token secret,
 * which only the server (as the stored hash) and that endpoint (from its token) know. The endpoint admits an INVITE
 * from a non-buddy that carries a valid grant in its Request-URI (RFC 3261 section 8.1.3.4: the redirected caller
 * uses the Contact URI as is and retries the same call) with the same Call-ID and From tag, once.
 */
public final class RedirectGrant {

    /** The Contact URI parameter carrying the grant. */
    public static final String PARAMETER = "ps-grant";
    /** Bytes of the MAC kept (128 bits). */
    public static final int MAC_BYTES = 16;

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9._-]{2,64})\\.([A-Za-z0-9_-]{22})");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private RedirectGrant() {
    }

    /** The caller a grant is bound to: the redirected INVITE's Call-ID and From tag (empty when it had none). */
    public record Caller(String callId, String fromTag) {

        public Caller {
            java.util.Objects.requireNonNull(callId, "callId");
            fromTag = fromTag == null ? "" : fromTag;
        }

        /** The caller of {@code request}. */
        public static Caller of(io.peerswitch.wire.sip.SipMessage request) {
            return new Caller(request.callId(), request.from().tag().orElse(""));
        }
    }

    /**
     * The grant for {@code trunk} to call {@code userId} at {@code locationId} as {@code caller} until
     * {@code expires}, keyed with {@code secretHash} (the base64url SHA-256 of the token secret, as the session
     * table stores it).
     */
    public static String issue(String secretHash, String userId, String locationId, String trunk, Caller caller,
                               Instant expires) {
        long seconds = expires.getEpochSecond();
        return seconds + "." + trunk + "." + B64.encodeToString(mac(B64D.decode(secretHash), userId, locationId, trunk, caller,
                seconds));
    }

    /**
     * The trunk a grant was issued to, when {@code grant} is well formed, made for this user, location and
     * caller with this key, and not expired at {@code now}; empty otherwise.
     */
    public static Optional<String> verify(byte[] key, String userId, String locationId, Caller caller, String grant,
                                          Instant now) {
        return expiry(grant).filter(seconds -> now.getEpochSecond() < seconds).flatMap(seconds -> {
            var m = SYNTAX.matcher(grant);
            m.matches();
            byte[] expected = mac(key, userId, locationId, m.group(2), caller, seconds);
            byte[] presented = B64D.decode(m.group(3));
            return MessageDigest.isEqual(expected, presented) ? Optional.of(m.group(2)) : Optional.empty();
        });
    }

    /** When a well-formed {@code grant} expires, in epoch seconds; empty for anything else. */
    public static Optional<Long> expiry(String grant) {
        if (grant == null) {
            return Optional.empty();
        }
        var m = SYNTAX.matcher(grant);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** The key an endpoint checks grants with: the SHA-256 of the secret part of its session token ({@code ps1.user.location.secret}). */
    public static Optional<byte[]> keyOf(String sessionToken) {
        int dot = sessionToken == null ? -1 : sessionToken.lastIndexOf('.');
        if (dot < 0 || dot == sessionToken.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance("SHA-256")
                    .digest(sessionToken.substring(dot + 1).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] mac(byte[] key, String userId, String locationId, String trunk, Caller caller, long seconds) {
        // Version 2 of the input: the caller's Call-ID and From tag last (neither contains a line feed, RFC 3261 section 25).
        byte[] full = Hmac.of(key, ("peerswitch-redirect-grant-2\n" + userId + "\n" + locationId + "\n" + trunk + "\n" + seconds
                + "\n" + caller.callId() + "\n" + caller.fromTag()).getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(full, MAC_BYTES);
    }
}
