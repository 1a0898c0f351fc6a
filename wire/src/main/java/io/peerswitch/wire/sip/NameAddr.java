package io.peerswitch.wire.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A From, To, Contact, Route or Record-Route value (RFC 3261 sections 20.10, 20.20, 20.39): optional display
 * name, URI of any scheme and header parameters, printed by {@link #toString()} in the name-addr form.
 *
 * @param displayName {@code null} when absent; otherwise unquoted, its quoted-pairs resolved
 * @param uri         the URI as written (escapes untouched)
 * @param parameters  header parameters in order, names lower-case, values as written (a quoted-string keeps
 *                    its quotes), "" for a parameter without value
 */
public record NameAddr(String displayName, String uri, Map<String, String> parameters) {

    /** Validates and copies; fails on a display name with CR or LF, an invalid URI or an invalid parameter. */
    public NameAddr {
        if (displayName != null && (displayName.indexOf('\r') >= 0 || displayName.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("display name must not hold CR or LF");
        }
        if (uri == null || !Uris.isValid(uri)) {
            throw new IllegalArgumentException("invalid URI: " + uri);
        }
        parameters = Parameters.copy(parameters, false);
    }

    /** A name-addr or addr-spec with its parameters, and whether the URI was in angle brackets. */
    record Element(NameAddr value, boolean bracketed) {
    }

    /**
     * Parses one name-addr or addr-spec followed by parameters. In the addr-spec form the URI ends at the
     * first ';', ',' or whitespace, so what follows are header parameters (RFC 4475 section 3.3.12); inside
     * angle brackets URI parameters stay in the URI (section 3.3.13). Empty on any syntax error, including an
     * unterminated quoted display name, an unquoted display name of non-tokens, whitespace inside the
     * brackets and an addr-spec holding '?' (RFC 3261 section 20.10 requires brackets then).
     */
    public static Optional<NameAddr> parse(String text) {
        Cursor cursor = new Cursor(text);
        Element element = element(cursor);
        cursor.skipWs();
        return element != null && cursor.atEnd() ? Optional.of(element.value()) : Optional.empty();
    }

    /** Parses a comma-separated list of {@link #parse} values, as in Contact; empty on any syntax error. */
    public static List<NameAddr> parseAll(String fieldValue) {
        List<NameAddr> values = new ArrayList<>();
        for (Element element : elements(fieldValue)) {
            values.add(element.value());
        }
        return Collections.unmodifiableList(values);
    }

    /** The elements of a comma-separated list; empty when any of them is malformed. */
    static List<Element> elements(String fieldValue) {
        Cursor cursor = new Cursor(fieldValue);
        List<Element> elements = new ArrayList<>();
        while (true) {
            Element element = element(cursor);
            if (element == null) {
                return List.of();
            }
            elements.add(element);
            cursor.skipWs();
            if (cursor.atEnd()) {
                return elements;
            }
            if (!cursor.accept(',')) {
                return List.of();
            }
        }
    }

    private static Element element(Cursor cursor) {
        cursor.skipWs();
        String displayName = null;
        String uri;
        boolean bracketed = true;
        if (cursor.peek() == '"') {
            displayName = cursor.quotedString();
            cursor.skipWs();
            if (displayName == null || !cursor.accept('<')) {
                return null;
            }
            uri = bracketedUri(cursor);
        } else if (cursor.accept('<')) {
            uri = bracketedUri(cursor);
        } else {
            int start = cursor.position();
            displayName = tokenDisplayName(cursor);
            if (displayName != null) {
                uri = bracketedUri(cursor);
            } else {
                cursor.reset(start);
                bracketed = false;
                uri = cursor.until(c -> c == ';' || c == ',' || SipSyntax.isWsp(c));
                if (uri.indexOf('?') >= 0) {
                    return null;
                }
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri == null || !Uris.isValid(uri) || !cursor.parameters(parameters, false)) {
            return null;
        }
        return new Element(new NameAddr(displayName, uri, parameters), bracketed);
    }

    /** {@code 1*(token LWS)} followed by '<' (consumed), joined by single spaces; {@code null} if that is not here. */
    private static String tokenDisplayName(Cursor cursor) {
        List<String> words = new ArrayList<>();
        while (true) {
            String word = cursor.token();
            if (word.isEmpty()) {
                break;
            }
            words.add(word);
            if (!cursor.skipWs()) {
                break;
            }
        }
        return !words.isEmpty() && cursor.accept('<') ? String.join(" ", words) : null;
    }

    /** The URI up to '>' (consumed), or {@code null} when there is no '>'. */
    private static String bracketedUri(Cursor cursor) {
        String uri = cursor.until(c -> c == '>');
        return cursor.accept('>') ? uri : null;
    }

    /** The "tag" parameter (RFC 3261 section 19.3). */
    public Optional<String> tag() {
        return Optional.ofNullable(parameters.get("tag"));
    }

    /** This value with its "tag" parameter set to {@code tag}, which must be a token. */
    public NameAddr withTag(String tag) {
        if (!SipSyntax.isToken(tag)) {
            throw new IllegalArgumentException("tag must be a token: " + tag);
        }
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put("tag", tag);
        return new NameAddr(displayName, uri, copy);
    }

    /** This value without its "tag" parameter: the party's URI as a dialog records it (RFC 3261 section 12.1). */
    public NameAddr withoutTag() {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.remove("tag");
        return new NameAddr(displayName, uri, copy);
    }

    /** The URI as a SIP or SIPS URI, when it is one. */
    public Optional<SipUri> sipUri() {
        return SipUri.parse(uri);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (displayName != null) {
            out.append(SipSyntax.quote(displayName)).append(' ');
        }
        out.append('<').append(uri).append('>');
        Parameters.append(out, parameters);
        return out.toString();
    }

    /** Validation and printing of header parameters (RFC 3261 section 25.1, generic-param), shared with {@link Via}. */
    static final class Parameters {

        private Parameters() {
        }

        /** Validates and copies; with {@code ipv6Received} a "received" value may be a bare IPv6 address (via-received). */
        static Map<String, String> copy(Map<String, String> parameters, boolean ipv6Received) {
            Map<String, String> copy = new LinkedHashMap<>();
            parameters.forEach((name, value) -> {
                String key = name.toLowerCase(Locale.ROOT);
                boolean valid = value != null && (value.isEmpty() || SipSyntax.isGenValue(value)
                        || (ipv6Received && key.equals("received") && SipSyntax.isIpv6Address(value)));
                if (!SipSyntax.isToken(name) || !valid || copy.put(key, value) != null) {
                    throw new IllegalArgumentException("invalid or repeated parameter: " + name);
                }
            });
            return Collections.unmodifiableMap(copy);
        }

        static void append(StringBuilder out, Map<String, String> parameters) {
            parameters.forEach((name, value) -> {
                out.append(';').append(name);
                if (!value.isEmpty()) {
                    out.append('=').append(value);
                }
            });
        }
    }
}
