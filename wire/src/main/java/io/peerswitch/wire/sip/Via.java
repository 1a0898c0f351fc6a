package io.peerswitch.wire.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One via-parm of a Via header field (RFC 3261 section 20.42), with the rport parameter of RFC 3581.
 *
 * @param protocol   protocol name and version, {@code "SIP/2.0"}
 * @param transport  upper-case transport token (UDP, TCP, TLS, SCTP or any other token)
 * @param host       sent-by host: host name, IPv4 address or IPv6 reference with its brackets
 * @param port       sent-by port, -1 when absent
 * @param parameters via-params in order, names lower-case, values as written, "" for a parameter without value
 */
public record Via(String protocol, String transport, String host, int port, Map<String, String> parameters) {

    private static final String BRANCH = "branch";
    private static final String RECEIVED = "received";
    private static final String RPORT = "rport";

    /** Validates and normalises; fails on a malformed protocol, transport, host, port or parameter. */
    public Via {
        int slash = protocol == null ? -1 : protocol.indexOf('/');
        if (slash < 0 || !SipSyntax.isToken(protocol.substring(0, slash)) || !SipSyntax.isToken(protocol.substring(slash + 1))) {
            throw new IllegalArgumentException("protocol must be name/version: " + protocol);
        }
        protocol = protocol.substring(0, slash).toUpperCase(Locale.ROOT) + protocol.substring(slash);
        if (!SipSyntax.isToken(transport)) {
            throw new IllegalArgumentException("transport must be a token: " + transport);
        }
        transport = transport.toUpperCase(Locale.ROOT);
        if (!SipSyntax.isHost(host)) {
            throw new IllegalArgumentException("invalid sent-by host: " + host);
        }
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("port must be -1 (absent) or 0 to 65535: " + port);
        }
        parameters = NameAddr.Parameters.copy(parameters, true);
        String rport = parameters.get(RPORT);
        if (rport != null && !rport.isEmpty() && SipSyntax.boundedNumber(rport, 65_535) < 0) {
            throw new IllegalArgumentException("rport must be a port number: " + rport);
        }
    }

    /**
     * Parses a Via field value, which may hold several comma-separated via-parms; LWS is allowed around
     * '/', ':', ';', '=' and ','. Empty on any syntax error, including an empty parameter or list element
     * (RFC 4475 section 3.1.2.1).
     */
    public static List<Via> parseAll(String fieldValue) {
        Cursor cursor = new Cursor(fieldValue);
        List<Via> vias = new ArrayList<>();
        while (true) {
            Via via = parseOne(cursor);
            if (via == null) {
                return List.of();
            }
            vias.add(via);
            cursor.skipWs();
            if (cursor.atEnd()) {
                return Collections.unmodifiableList(vias);
            }
            if (!cursor.accept(',')) {
                return List.of();
            }
        }
    }

    private static Via parseOne(Cursor cursor) {
        cursor.skipWs();
        String name = cursor.token();
        String version = slashToken(cursor);
        String transport = version == null ? null : slashToken(cursor);
        if (name.isEmpty() || transport == null || !cursor.skipWs()) {
            return null;
        }
        String host;
        if (cursor.peek() == '[') {
            host = cursor.until(c -> c == ']');
            host = cursor.accept(']') ? host + "]" : "";
        } else {
            host = cursor.until(c -> !SipSyntax.isHostChar(c));
        }
        if (!SipSyntax.isHost(host)) {
            return null;
        }
        int port = -1;
        int beforeColon = cursor.position();
        cursor.skipWs();
        if (cursor.accept(':')) {
            cursor.skipWs();
            port = (int) SipSyntax.boundedNumber(cursor.until(c -> !SipSyntax.isDigit(c)), 65_535);
            if (port < 0) {
                return null;
            }
        } else {
            cursor.reset(beforeColon);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!cursor.parameters(parameters, true)) {
            return null;
        }
        String rport = parameters.get(RPORT);
        if (rport != null && !rport.isEmpty() && SipSyntax.boundedNumber(rport, 65_535) < 0) {
            return null;
        }
        return new Via(name + "/" + version, transport, host, port, parameters);
    }

    /** {@code SLASH token} (SLASH is SWS "/" SWS), or {@code null}. */
    private static String slashToken(Cursor cursor) {
        cursor.skipWs();
        if (!cursor.accept('/')) {
            return null;
        }
        cursor.skipWs();
        String token = cursor.token();
        return token.isEmpty() ? null : token;
    }

    /** The branch parameter (RFC 3261 section 8.1.1.7). */
    public Optional<String> branch() {
        return Optional.ofNullable(parameters.get(BRANCH)).filter(value -> !value.isEmpty());
    }

    /** The received parameter (RFC 3261 section 18.2.1). */
    public Optional<String> received() {
        return Optional.ofNullable(parameters.get(RECEIVED)).filter(value -> !value.isEmpty());
    }

    /** The port of a filled-in rport parameter (RFC 3581 section 4). */
    public OptionalInt rport() {
        String value = parameters.get(RPORT);
        return value == null || value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
    }

    /** Whether the rport parameter is present, asking for symmetric response routing (RFC 3581 section 3). */
    public boolean rportRequested() {
        return parameters.containsKey(RPORT);
    }

    /** This via-parm with its received parameter set (RFC 3261 section 18.2.1). */
    public Via withReceived(String address) {
        return with(RECEIVED, address);
    }

    /** This via-parm with its rport parameter filled in (RFC 3581 section 4). */
    public Via withRport(int sourcePort) {
        return with(RPORT, Integer.toString(sourcePort));
    }

    private Via with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new Via(protocol, transport, host, port, copy);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(protocol).append('/').append(transport).append(' ').append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        NameAddr.Parameters.append(out, parameters);
        return out.toString();
    }
}
