package io.peerswitch.wire.sip;

import java.util.Locale;
import java.util.Map;

/**
 * A forward-only scanner over one unfolded header field value (RFC 3261 section 7.3.1): every method
 * consumes what it recognises and nothing else, and every loop advances, so scanning is linear in the input.
 */
final class Cursor {

    private final String text;
    private int pos;

    Cursor(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The next character, or U+FFFF at the end (a non-character no production accepts). */
    char peek() {
        return atEnd() ? '\uFFFF' : text.charAt(pos);
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    /** Skips SP and HTAB (the value is unfolded, so this is SWS); returns whether anything was skipped. */
    boolean skipWs() {
        int start = pos;
        while (!atEnd() && SipSyntax.isWsp(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    /** Moves past the next character (there must be one). */
    void skip() {
        pos++;
    }

    boolean accept(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** The longest run of token characters here (possibly empty). */
    String token() {
        int start = pos;
        while (!atEnd() && SipSyntax.isTokenChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Characters up to (not including) the first one {@code stop} allows, or to the end. */
    String until(SipSyntax.CharClass stop) {
        int start = pos;
        while (!atEnd() && !stop.allows(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /**
     * A quoted-string here, returned unquoted and with its quoted-pairs resolved; {@code null} (position
     * unspecified) when it is unterminated or holds a character that neither qdtext nor quoted-pair allows.
     */
    String quotedString() {
        if (!accept('"')) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    return null;
                }
                char escaped = text.charAt(pos++);
                if (escaped > 0x7F || escaped == '\r' || escaped == '\n') {
                    return null;
                }
                out.append(escaped);
            } else if (SipSyntax.isWsp(c) || (c >= 0x21 && c != 0x7F)) {
                out.append(c);
            } else {
                return null;
            }
        }
        return null;
    }

    /** A {@code gen-value} (token, host or quoted-string) exactly as written, or {@code null} if there is none. */
    String genValue(boolean ipv6Address) {
        int start = pos;
        if (peek() == '"') {
            return quotedString() == null ? null : text.substring(start, pos);
        }
        if (peek() == '[') {
            String reference = until(c -> c == ']');
            if (!accept(']')) {
                return null;
            }
            return SipSyntax.isIpv6Reference(reference + "]") ? reference + "]" : null;
        }
        String value = ipv6Address
                ? until(c -> !(SipSyntax.isTokenChar(c) || c == ':'))
                : token();
        if (value.isEmpty() || (value.indexOf(':') >= 0 && !SipSyntax.isIpv6Address(value))) {
            return null;
        }
        return value;
    }

    /**
     * Parameters {@code *( SEMI name [ EQUAL gen-value ] )} (RFC 3261 section 25.1, generic-param) into
     * {@code out} with lower-case names ("" for a name without value). Fails on an empty or repeated name.
     * With {@code ipv6Received}, a "received" value may be a bare IPv6 address (RFC 3261 via-received).
     */
    boolean parameters(Map<String, String> out, boolean ipv6Received) {
        while (true) {
            int before = pos;
            skipWs();
            if (!accept(';')) {
                reset(before);
                return true;
            }
            skipWs();
            String name = token().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || out.containsKey(name)) {
                return false;
            }
            int afterName = pos;
            skipWs();
            String value = "";
            if (accept('=')) {
                skipWs();
                value = genValue(ipv6Received && name.equals("received"));
                if (value == null) {
                    return false;
                }
            } else {
                reset(afterName);
            }
            out.put(name, value);
        }
    }
}
