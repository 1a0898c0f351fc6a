package io.peerswitch.wire.sip;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * The header field checks a message must pass to be {@link SipParseResult.Parsed}: mandatory fields
 * (RFC 3261 section 8.1.1), fields that may appear once (section 7.3.1 and RFC 4475 section 3.3.8), and the
 * syntax of the fields this package gives meaning to. Unknown fields, Expires and Date are not judged
 * (RFC 4475 sections 3.1.2.4 and 3.1.2.12).
 */
final class HeaderRules {

    private static final List<String> SINGLE = List.of(HeaderNames.CALL_ID, HeaderNames.FROM, HeaderNames.TO,
            HeaderNames.CSEQ, "Max-Forwards", HeaderNames.CONTENT_TYPE);
    private static final List<String> REQUIRED = List.of(HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO,
            HeaderNames.CALL_ID, HeaderNames.CSEQ);
    private static final long MAX_FORWARDS = 255;

    private HeaderRules() {
    }

    /** What is wrong with {@code fields}, or {@code null} when nothing is. */
    static String problem(List<SipHeader> fields) {
        for (String name : SINGLE) {
            if (count(fields, name) > 1) {
                return "More than one " + name + " header field";
            }
        }
        for (String name : REQUIRED) {
            if (count(fields, name) == 0) {
                return "Missing " + name + " header field";
            }
        }
        for (SipHeader field : fields) {
            if (!isValid(field.name(), field.value())) {
                return "Malformed " + field.name() + " header field";
            }
        }
        return null;
    }

    static int count(List<SipHeader> fields, String name) {
        int count = 0;
        for (SipHeader field : fields) {
            if (field.is(name)) {
                count++;
            }
        }
        return count;
    }

    private static boolean isValid(String name, String value) {
        return switch (name) {
            case HeaderNames.VIA -> !Via.parseAll(value).isEmpty();
            case HeaderNames.FROM, HeaderNames.TO -> NameAddr.parse(value).isPresent();
            case HeaderNames.CALL_ID -> isCallId(value);
            case HeaderNames.CSEQ -> CSeq.parse(value).isPresent();
            case "Contact" -> value.equals("*") || !NameAddr.elements(value).isEmpty();
            case "Route", "Record-Route" -> isRouteList(value);
            case "Max-Forwards" -> SipSyntax.boundedNumber(value, MAX_FORWARDS) >= 0;
            case HeaderNames.CONTENT_TYPE -> SipSyntax.mediaType(value).isPresent();
            case "Retry-After" -> isRetryAfter(value);
            case "Warning" -> isWarning(value);
            default -> true;
        };
    }

    /** {@code word [ "@" word ]} (RFC 3261 section 25.1, callid). */
    private static boolean isCallId(String value) {
        int at = value.indexOf('@');
        return at < 0 ? isWord(value) : isWord(value.substring(0, at)) && isWord(value.substring(at + 1));
    }

    private static boolean isWord(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!SipSyntax.isWordChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Route and Record-Route hold name-addrs only (RFC 3261 section 25.1, route-param and rec-route). */
    private static boolean isRouteList(String value) {
        List<NameAddr.Element> elements = NameAddr.elements(value);
        if (elements.isEmpty()) {
            return false;
        }
        for (NameAddr.Element element : elements) {
            if (!element.bracketed()) {
                return false;
            }
        }
        return true;
    }

    /** {@code delta-seconds [ comment ] *( SEMI retry-param )}, delta-seconds at most 2**32-1 (RFC 3261 section 20.33). */
    private static boolean isRetryAfter(String value) {
        Cursor cursor = new Cursor(value);
        if (SipSyntax.boundedNumber(cursor.until(c -> !SipSyntax.isDigit(c)), SipSyntax.MAX_UNSIGNED_32) < 0) {
            return false;
        }
        cursor.skipWs();
        if (cursor.peek() == '(' && !skipComment(cursor)) {
            return false;
        }
        if (!cursor.parameters(new LinkedHashMap<>(), false)) {
            return false;
        }
        cursor.skipWs();
        return cursor.atEnd();
    }

    /** Skips a comment, which may nest (RFC 3261 section 25.1); counts depth instead of recursing. */
    private static boolean skipComment(Cursor cursor) {
        int depth = 0;
        do {
            if (cursor.atEnd()) {
                return false;
            }
            if (cursor.accept('\\')) {
                if (cursor.atEnd()) {
                    return false;
                }
                cursor.skip();
            } else if (cursor.accept('(')) {
                depth++;
            } else if (cursor.accept(')')) {
                depth--;
            } else {
                cursor.skip();
            }
        } while (depth > 0);
        return true;
    }

    /** {@code warn-code SP warn-agent SP warn-text}, comma-separated, warn-code exactly 3 digits (RFC 3261 section 20.43). */
    private static boolean isWarning(String value) {
        Cursor cursor = new Cursor(value);
        while (true) {
            cursor.skipWs();
            String code = cursor.until(c -> !SipSyntax.isDigit(c));
            if (code.length() != 3 || !cursor.accept(' ')) {
                return false;
            }
            String agent = cursor.until(c -> !(SipSyntax.isTokenChar(c) || c == ':' || c == '[' || c == ']'));
            if (agent.isEmpty() || !cursor.accept(' ') || cursor.quotedString() == null) {
                return false;
            }
            cursor.skipWs();
            if (cursor.atEnd()) {
                return true;
            }
            if (!cursor.accept(',')) {
                return false;
            }
        }
    }
}
