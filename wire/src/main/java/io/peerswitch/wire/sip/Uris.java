package io.peerswitch.wire.sip;

import java.util.Locale;
import java.util.Optional;

/** URI syntax as SIP header fields and Request-Lines carry it: SIP-URI, SIPS-URI or absoluteURI (RFC 3261 section 25.1). */
final class Uris {

    private Uris() {
    }

    /** The lower-case scheme of {@code uri} ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} before ':'), if any. */
    static Optional<String> scheme(String uri) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !SipSyntax.isAlpha(uri.charAt(0))) {
            return Optional.empty();
        }
        for (int i = 1; i < colon; i++) {
            char c = uri.charAt(i);
            if (!SipSyntax.isAlphanum(c) && c != '+' && c != '-' && c != '.') {
                return Optional.empty();
            }
        }
        return Optional.of(uri.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether {@code uri} is a valid URI: sip: and sips: URIs must satisfy {@link SipUri#parse}, any other
     * scheme needs a non-empty part of {@code uric} characters and well-formed escapes after the colon.
     */
    static boolean isValid(String uri) {
        Optional<String> scheme = scheme(uri);
        if (scheme.isEmpty()) {
            return false;
        }
        if (scheme.get().equals("sip") || scheme.get().equals("sips")) {
            return SipUri.parse(uri).isPresent();
        }
        String rest = uri.substring(uri.indexOf(':') + 1);
        if (rest.isEmpty()) {
            return false;
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '%') {
                if (i + 2 >= rest.length() || !SipSyntax.isHex(rest.charAt(i + 1)) || !SipSyntax.isHex(rest.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!SipSyntax.isUriChar(c)) {
                return false;
            }
        }
        return true;
    }
}
