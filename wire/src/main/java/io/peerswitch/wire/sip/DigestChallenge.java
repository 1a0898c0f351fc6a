package io.peerswitch.wire.sip;

/** A challenge in WWW-Authenticate or Proxy-Authenticate (RFC 3261 section 22.4; RFC 8760 section 2.4 lists the strongest first). */
public record DigestChallenge(String realm, String nonce, String opaque, DigestAlgorithm algorithm, boolean stale) {

    /** Requires realm, nonce and algorithm; realm, nonce and opaque must be writable as quoted-strings without escapes. */
    public DigestChallenge {
        check(realm, "realm");
        check(nonce, "nonce");
        if (opaque != null) {
            check(opaque, "opaque");
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is required");
        }
    }

    private static void check(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(name + " must not hold quotes, backslashes or control characters");
            }
        }
    }

    /** The header field value: {@code Digest realm="r", nonce="n"[, opaque="o"], algorithm=A, qop="auth"[, stale=TRUE]}. */
    public String format() {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\""
                + (opaque == null ? "" : ", opaque=\"" + opaque + "\"")
                + ", algorithm=" + algorithm.token() + ", qop=\"auth\"" + (stale ? ", stale=TRUE" : "");
    }
}
