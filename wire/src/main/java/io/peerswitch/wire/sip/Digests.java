package io.peerswitch.wire.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/** Digest computations of RFC 2617 section 3.2.2 with the hash functions of RFC 8760 (qop "auth" or none). */
public final class Digests {

    private Digests() {
    }

    /** HA1 = H(username:realm:password). */
    public static String ha1(DigestAlgorithm a, String username, String realm, String password) {
        return a.hash(username + ":" + realm + ":" + password);
    }

    /** request-digest: H(HA1:nonce:nc:cnonce:qop:HA2) with qop, H(HA1:nonce:HA2) without, HA2 = H(method:uri). */
    public static String response(DigestAlgorithm a, String ha1, String nonce, String nonceCount, String cnonce, String qop,
                                  String method, String uri) {
        String ha2 = a.hash(method + ":" + uri);
        return qop == null
                ? a.hash(ha1 + ":" + nonce + ":" + ha2)
                : a.hash(ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * Whether {@code c} answers correctly for {@code method} (constant-time, hex case-insensitive, the qop value
     * hashed as sent); qop other than none or "auth" fails.
     */
    public static boolean verify(DigestAlgorithm a, String ha1, DigestCredentials c, String method) {
        if (c.qop() != null && !c.qop().equalsIgnoreCase("auth")) {
            return false;
        }
        String expected = response(a, ha1, c.nonce(), c.nonceCount(), c.cnonce(), c.qop(), method, c.uri());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
