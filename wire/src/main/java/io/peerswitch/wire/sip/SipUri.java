package io.peerswitch.wire.sip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SIP or SIPS URI (RFC 3261 section 19.1) with its escapes decoded (%00 stays a U+0000 character), scheme,
 * host and parameter names lower-case, whose {@link #toString()} writes the canonical text with each component
 * escaped as section 25.1 requires, so that URIs equivalent under section 19.1.4 print alike.
 *
 * @param scheme     "sip" or "sips"
 * @param user       {@code null} when the URI has no userinfo
 * @param password   {@code null} when the userinfo has no password
 * @param host       a host name, IPv4 address or IPv6 reference with its brackets
 * @param port       -1 when absent
 * @param parameters uri-parameters in order, "" as the value of a parameter without one
 * @param headers    the headers after '?', in order
 */
public record SipUri(String scheme, String user, String password, String host, int port,
                     Map<String, String> parameters, Map<String, String> headers) {

    /** Validates and normalises; fails on an unknown scheme, an invalid host or port, or a repeated parameter name. */
    public SipUri {
        scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new IllegalArgumentException("scheme must be sip or sips: " + scheme);
        }
        if (user != null && user.isEmpty()) {
            throw new IllegalArgumentException("user must be absent or non-empty");
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("a password needs a user");
        }
        if (!SipSyntax.isHost(host)) {
            throw new IllegalArgumentException("invalid host: " + host);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("port must be -1 (absent) or 0 to 65535: " + port);
        }
        parameters = copyParameters(parameters);
        headers = copyHeaders(headers);
    }

    private static Map<String, String> copyParameters(Map<String, String> parameters) {
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (name.isEmpty() || value == null
                    || copy.put(name.toLowerCase(Locale.ROOT), value) != null) {
                throw new IllegalArgumentException("parameter names must be non-empty and unique, values present");
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, String> copyHeaders(Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name.isEmpty() || value == null) {
                throw new IllegalArgumentException("header names must be non-empty, values present");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Parses a sip: or sips: URI (RFC 3261 section 25.1, SIP-URI). The userinfo ends at '@', so the user part
     * may hold ';', '?' and '/' (RFC 4475 section 3.1.1.9). Empty for any other scheme, a character a
     * component does not allow (such as a second '@'), a truncated escape, escapes that are not UTF-8, a
     * missing host, a port above 65535 or a repeated parameter or header name.
     */
    public static Optional<SipUri> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.empty();
        }
        String rest = text.substring(colon + 1);
        // No component after the userinfo may hold '@', so the first one ends it.
        int at = rest.indexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            // RFC 3261 section 25.1: user and password may not hold ':' or '@' unescaped.
            String userinfo = rest.substring(0, at);
            int separator = userinfo.indexOf(':');
            String rawUser = separator < 0 ? userinfo : userinfo.substring(0, separator);
            String rawPassword = separator < 0 ? "" : userinfo.substring(separator + 1);
            if (rawUser.isEmpty() || !allEscapedOr(rawUser, SipSyntax::isUserChar)
                    || !allEscapedOr(rawPassword, SipSyntax::isPasswordChar)) {
                return Optional.empty();
            }
            Optional<String> decodedUser = SipSyntax.unescape(rawUser);
            Optional<String> decodedPassword = SipSyntax.unescape(rawPassword);
            if (decodedUser.isEmpty() || decodedPassword.isEmpty()) {
                return Optional.empty();
            }
            user = decodedUser.get();
            password = separator < 0 ? null : decodedPassword.get();
            rest = rest.substring(at + 1);
        }
        return parseHostPart(scheme, user, password, rest);
    }

    private static Optional<SipUri> parseHostPart(String scheme, String user, String password, String rest) {
        int end = rest.startsWith("[") ? rest.indexOf(']') + 1 : 0;
        if (rest.startsWith("[") && end == 0) {
            return Optional.empty();
        }
        while (end < rest.length() && ":;?".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        Optional<String> host = SipSyntax.unescape(rest.substring(0, end));
        if (host.isEmpty() || !SipSyntax.isHost(host.get())) {
            return Optional.empty();
        }
        int port = -1;
        if (end < rest.length() && rest.charAt(end) == ':') {
            int portEnd = end + 1;
            while (portEnd < rest.length() && SipSyntax.isDigit(rest.charAt(portEnd))) {
                portEnd++;
            }
            port = (int) SipSyntax.boundedNumber(rest.substring(end + 1, portEnd), 65_535);
            if (port < 0) {
                return Optional.empty();
            }
            end = portEnd;
        }
        int query = rest.indexOf('?', end);
        String paramText = rest.substring(end, query < 0 ? rest.length() : query);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!paramText.isEmpty() && (paramText.charAt(0) != ';'
                || !parsePairs(paramText.substring(1), ';', SipSyntax::isParamChar, true, parameters))) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (query >= 0 && !parsePairs(rest.substring(query + 1), '&', SipSyntax::isHeaderChar, false, headers)) {
            return Optional.empty();
        }
        return Optional.of(new SipUri(scheme, user, password, host.get(), port, parameters, headers));
    }

    /**
     * {@code name[=value]} pairs separated by {@code separator}, escapes decoded; parameters may omit the
     * value (a flag) and have names lower-cased, headers need '=' (their value may be empty).
     */
    private static boolean parsePairs(String text, char separator, SipSyntax.CharClass allowed, boolean parameters,
                                      Map<String, String> out) {
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(separator, start);
            if (end < 0) {
                end = text.length();
            }
            String pair = text.substring(start, end);
            int equals = pair.indexOf('=');
            if (equals < 0 && !parameters) {
                return false;
            }
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            if (rawName.isEmpty() || (parameters && equals >= 0 && rawValue.isEmpty())
                    || !allEscapedOr(rawName, allowed) || !allEscapedOr(rawValue, allowed)) {
                return false;
            }
            Optional<String> name = SipSyntax.unescape(rawName);
            Optional<String> value = SipSyntax.unescape(rawValue);
            if (name.isEmpty() || value.isEmpty()) {
                return false;
            }
            String key = parameters ? name.get().toLowerCase(Locale.ROOT) : name.get();
            if (out.putIfAbsent(key, value.get()) != null) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** Whether every character of {@code s} is allowed or part of a %HEX HEX escape. */
    private static boolean allEscapedOr(String s, SipSyntax.CharClass allowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !SipSyntax.isHex(s.charAt(i + 1)) || !SipSyntax.isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!allowed.allows(c)) {
                return false;
            }
        }
        return true;
    }

    /** This URI with another port (-1 removes it). */
    public SipUri withPort(int port) {
        return new SipUri(scheme, user, password, host, port, parameters, headers);
    }

    /** This URI with parameter {@code name} set to {@code value} ("" for a flag), in place if it was present. */
    public SipUri withParameter(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name.toLowerCase(Locale.ROOT), value);
        return new SipUri(scheme, user, password, host, port, copy, headers);
    }

    /** This URI without parameter {@code name}. */
    public SipUri withoutParameter(String name) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.remove(name.toLowerCase(Locale.ROOT));
        return new SipUri(scheme, user, password, host, port, copy, headers);
    }

    /** This URI with another host. */
    public SipUri withHost(String host) {
        return new SipUri(scheme, user, password, host, port, parameters, headers);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (user != null) {
            out.append(SipSyntax.escape(user, SipSyntax::isUserChar));
            if (password != null) {
                out.append(':').append(SipSyntax.escape(password, SipSyntax::isPasswordChar));
            }
            out.append('@');
        }
        out.append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        parameters.forEach((name, value) -> {
            out.append(';').append(SipSyntax.escape(name, SipSyntax::isParamChar));
            if (!value.isEmpty()) {
                out.append('=').append(SipSyntax.escape(value, SipSyntax::isParamChar));
            }
        });
        char separator = '?';
        for (Map.Entry<String, String> header : headers.entrySet()) {
            out.append(separator).append(SipSyntax.escape(header.getKey(), SipSyntax::isHeaderChar))
                    .append('=').append(SipSyntax.escape(header.getValue(), SipSyntax::isHeaderChar));
            separator = '&';
        }
        return out.toString();
    }
}
