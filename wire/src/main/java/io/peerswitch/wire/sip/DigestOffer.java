package io.peerswitch.wire.sip;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A challenge as a UAC reads it from WWW-Authenticate or Proxy-Authenticate (RFC 3261 section 22.2, RFC 2617
 * section 3.2.1): realm, nonce, opaque, the algorithm (absent: MD5) and whether qop "auth" is offered.
 */
public record DigestOffer(String realm, String nonce, String opaque, String algorithm, boolean qopAuth) {

    private static final List<String> KNOWN = List.of("realm", "nonce", "opaque", "algorithm", "qop", "stale", "domain");

    /** The challenge in {@code value}, when it is a Digest challenge with a realm and a nonce. */
    public static Optional<DigestOffer> parse(String value) {
        Map<String, String> params = new HashMap<>();
        if (DigestCredentials.parameters(value, KNOWN, params) != null || params.get("realm") == null || params.get("nonce") == null) {
            return Optional.empty();
        }
        boolean auth = false;
        for (String option : params.getOrDefault("qop", "").split(",")) {
            auth |= option.strip().toLowerCase(Locale.ROOT).equals("auth");
        }
        return Optional.of(new DigestOffer(params.get("realm"), params.get("nonce"), params.get("opaque"),
                params.getOrDefault("algorithm", "MD5"), auth));
    }

    /**
     * The Authorization / Proxy-Authorization value answering this challenge for {@code method} to {@code uri}
     * (RFC 2617 section 3.2.2), with qop=auth and nonce count 1 when offered; empty for an algorithm we do not know.
     */
    public Optional<String> answer(String username, String password, String method, String uri, String cnonce) {
        Optional<DigestAlgorithm> a = DigestAlgorithm.of(algorithm);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        String nc = "00000001";
        String response = Digests.response(a.get(), Digests.ha1(a.get(), username, realm, password), nonce,
                qopAuth ? nc : null, qopAuth ? cnonce : null, qopAuth ? "auth" : null, method, uri);
        StringBuilder out = new StringBuilder("Digest username=").append(quote(username))
                .append(", realm=").append(quote(realm)).append(", nonce=").append(quote(nonce))
                .append(", uri=").append(quote(uri)).append(", response=\"").append(response).append('"')
                .append(", algorithm=").append(a.get().token());
        if (qopAuth) {
            out.append(", qop=auth, nc=").append(nc).append(", cnonce=").append(quote(cnonce));
        }
        if (opaque != null) {
            out.append(", opaque=").append(quote(opaque));
        }
        return Optional.of(out.toString());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
