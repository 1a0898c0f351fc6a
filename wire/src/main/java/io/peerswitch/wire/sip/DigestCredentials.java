package io.peerswitch.wire.sip;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Authorization / Proxy-Authorization credentials of the Digest scheme (RFC 3261 section 22.4, RFC 2617
 * section 3.2.2); {@code algorithm} is the token as sent ("MD5" when absent), cnonce, qop, nonceCount and
 * opaque are {@code null} when absent.
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String cnonce, String qop, String nonceCount, String opaque) {

    /** Longest header value parsed. */
    public static final int MAX_LENGTH = 4096;

    private static final List<String> REQUIRED = List.of("username", "realm", "nonce", "uri", "response");
    private static final List<String> KNOWN = List.of("username", "realm", "nonce", "uri", "response", "algorithm",
            "cnonce", "qop", "nc", "opaque");

    /** Parses one header field value (auth-scheme, LWS, comma-separated auth-params of token or quoted-string values). */
    public static DigestParseResult parse(String value) {
        Map<String, String> params = new HashMap<>();
        DigestParseResult failure = parameters(value, KNOWN, params);
        if (failure != null) {
            return failure;
        }
        for (String required : REQUIRED) {
            if (!params.containsKey(required)) {
                return new DigestParseResult.Malformed("missing " + required);
            }
        }
        String response = params.get("response");
        if (response.isEmpty() || response.length() > 128 || !response.chars().allMatch(c -> SipSyntax.isHex((char) c))) {
            return new DigestParseResult.Malformed("response must be hexadecimal");
        }
        String qop = params.get("qop");
        String nc = params.get("nc");
        if (qop != null) {
            if (params.get("cnonce") == null) {
                return new DigestParseResult.Malformed("missing cnonce");
            }
            if (nc == null) {
                return new DigestParseResult.Malformed("missing nc");
            }
        }
        if (nc != null && (nc.length() != 8 || !nc.chars().allMatch(c -> SipSyntax.isHex((char) c)))) {
            return new DigestParseResult.Malformed("nc must be 8 hexadecimal digits");
        }
        return new DigestParseResult.Parsed(new DigestCredentials(params.get("username"), params.get("realm"),
                params.get("nonce"), params.get("uri"), response, params.getOrDefault("algorithm", "MD5"),
                params.get("cnonce"), qop, nc, params.get("opaque")));
    }

    /**
     * Reads a Digest value's auth-params into {@code params} (names lower-case, only {@code known} ones kept):
     * {@code null} when it is Digest and well formed, else the {@link DigestParseResult} saying why not.
     */
    static DigestParseResult parameters(String value, List<String> known, Map<String, String> params) {
        if (value == null || value.length() > MAX_LENGTH) {
            return new DigestParseResult.Malformed(value == null ? "empty" : "too long");
        }
        Cursor cursor = new Cursor(value);
        cursor.skipWs();
        String scheme = cursor.token();
        if (scheme.isEmpty()) {
            return new DigestParseResult.Malformed("no auth scheme");
        }
        if (!scheme.equalsIgnoreCase("Digest")) {
            return new DigestParseResult.OtherScheme(scheme);
        }
        if (!cursor.skipWs()) {
            return new DigestParseResult.Malformed("no parameters");
        }
        while (true) {
            cursor.skipWs();
            if (cursor.atEnd()) {
                return null;
            }
            if (cursor.accept(',')) {
                continue; // empty list element
            }
            String name = cursor.token().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return new DigestParseResult.Malformed("a parameter without a name");
            }
            cursor.skipWs();
            if (!cursor.accept('=')) {
                return new DigestParseResult.Malformed("parameter " + shorten(name) + " has no value");
            }
            cursor.skipWs();
            String v = cursor.peek() == '"' ? cursor.quotedString() : emptyToNull(cursor.token());
            if (v == null) {
                return new DigestParseResult.Malformed("parameter " + shorten(name) + " has a malformed value");
            }
            if (known.contains(name) && params.put(name, v) != null) {
                return new DigestParseResult.Malformed("parameter " + name + " appears twice");
            }
            cursor.skipWs();
            if (!cursor.atEnd() && !cursor.accept(',')) {
                return new DigestParseResult.Malformed("parameters must be separated by commas");
            }
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", realm=" + realm + ", uri=" + uri + ", algorithm=" + algorithm
                + ", qop=" + qop + ", response=***]";
    }
}
