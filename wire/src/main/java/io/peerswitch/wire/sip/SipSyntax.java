package io.peerswitch.wire.sip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Character classes and small productions of the RFC 3261 section 25.1 grammar, shared by the parsers. */
final class SipSyntax {

    /** Largest value of a 32-bit unsigned field (RFC 3261 section 25.1, delta-seconds and friends). */
    static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

    private static final String TOKEN_MARKS = "-.!%*_+`'~";
    private static final String MARKS = "-_.!~*'()";
    private static final String USER_UNRESERVED = "&=+$,;?/";
    private static final String PASSWORD_UNRESERVED = "&=+$,";
    private static final String PARAM_UNRESERVED = "[]/:&+$";
    private static final String HEADER_UNRESERVED = "[]/?:+$";
    private static final String RESERVED = ";/?:@&=+$,";
    private static final String WORD_MARKS = "-.!%*_+`'~()<>:\\\"/[]?{}";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SipSyntax() {
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlphanum(char c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    static boolean isTokenChar(char c) {
        return isAlphanum(c) || TOKEN_MARKS.indexOf(c) >= 0;
    }

    static boolean isUnreserved(char c) {
        return isAlphanum(c) || MARKS.indexOf(c) >= 0;
    }

    static boolean isUserChar(char c) {
        return isUnreserved(c) || USER_UNRESERVED.indexOf(c) >= 0;
    }

    static boolean isPasswordChar(char c) {
        return isUnreserved(c) || PASSWORD_UNRESERVED.indexOf(c) >= 0;
    }

    static boolean isParamChar(char c) {
        return isUnreserved(c) || PARAM_UNRESERVED.indexOf(c) >= 0;
    }

    static boolean isHeaderChar(char c) {
        return isUnreserved(c) || HEADER_UNRESERVED.indexOf(c) >= 0;
    }

    /** {@code uric} of RFC 2396 (as RFC 3261 uses it for absoluteURI), plus the brackets of RFC 2732. */
    static boolean isUriChar(char c) {
        return isUnreserved(c) || RESERVED.indexOf(c) >= 0 || c == '[' || c == ']';
    }

    static boolean isHostChar(char c) {
        return isAlphanum(c) || c == '-' || c == '.' || c == '_';
    }

    /** A character of {@code word} (RFC 3261 section 25.1), the production Call-ID is built from. */
    static boolean isWordChar(char c) {
        return isAlphanum(c) || WORD_MARKS.indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value of a string of digits, or -1 when it is not one or exceeds {@code max}; never overflows. */
    static long boundedNumber(String s, long max) {
        if (!isDigits(s)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            value = value * 10 + (s.charAt(i) - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    /** Whether {@code s} is a host name, an IPv4 address or an IPv6 reference in brackets (RFC 3261 section 25.1). */
    static boolean isHost(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '[') {
            return isIpv6Reference(s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isHostChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6Reference(String s) {
        return s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']'
                && isIpv6Address(s.substring(1, s.length() - 1));
    }

    /** Whether {@code s} is an IPv6 address without brackets: {@code hexpart [ ":" IPv4address ]} (RFC 3261 section 25.1). */
    static boolean isIpv6Address(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if (gap < 0) {
            return hexGroups(s, true) == 8;
        }
        String tail = s.substring(gap + 2);
        int head = gap == 0 ? 0 : hexGroups(s.substring(0, gap), false);
        int rest = tail.isEmpty() ? 0 : hexGroups(tail, true);
        return head >= 0 && rest >= 0 && head + rest <= 7;
    }

    /**
     * How many 16-bit groups a non-empty {@code hex4 *( ":" hex4 )} holds (an IPv4 address at the end, where
     * {@code ipv4Tail} allows it, counts two); -1 when it is not one.
     */
    private static int hexGroups(String s, boolean ipv4Tail) {
        String[] groups = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (ipv4Tail && i == groups.length - 1 && group.indexOf('.') >= 0) {
                return isIpv4(group) ? count + 2 : -1;
            }
            if (group.isEmpty() || group.length() > 4) {
                return -1;
            }
            for (int j = 0; j < group.length(); j++) {
                if (!isHex(group.charAt(j))) {
                    return -1;
                }
            }
            count++;
        }
        return count;
    }

    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (octet.length() > 3 || boundedNumber(octet, 255) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is a {@code gen-value}: token, host or quoted-string (RFC 3261 section 25.1). */
    static boolean isGenValue(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '"') {
            Cursor cursor = new Cursor(s);
            return cursor.quotedString() != null && cursor.atEnd();
        }
        return isToken(s) || isHost(s);
    }

    /** {@code s} as a quoted-string, with '"', '\' and control characters written as quoted-pairs. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || (c < 0x20 && c != '\t') || c == 0x7F) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * Decodes the %HEX HEX escapes of a URI component (RFC 3261 section 19.1.2); empty when an escape is
     * truncated, the component holds a non-ASCII character, or the octets are not UTF-8. %00 decodes to U+0000.
     */
    static Optional<String> unescape(String s) {
        if (s.indexOf('%') < 0) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return Optional.empty();
                }
            }
            return Optional.of(s);
        }
        byte[] octets = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return Optional.empty();
            }
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return Optional.empty();
                }
                octets[n++] = (byte) Integer.parseInt(s, i + 1, i + 3, 16);
                i += 2;
            } else {
                octets[n++] = (byte) c;
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets, 0, n))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Which ASCII characters a URI component may carry unescaped. */
    @FunctionalInterface
    interface CharClass {
        boolean allows(char c);
    }

    /** Escapes every octet of the UTF-8 form of {@code s} that {@code allowed} does not allow. */
    static String escape(String s, CharClass allowed) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && allowed.allows(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** Splits a comma-separated header field value, ignoring commas inside quoted strings; items are trimmed. */
    static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                items.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        items.add(value.substring(Math.min(start, value.length())).strip());
        return items;
    }

    /** The lower-case {@code type/subtype} of a media-type or media-range (RFC 3261 section 20.15), if it is one. */
    static Optional<String> mediaType(String value) {
        Cursor cursor = new Cursor(value);
        cursor.skipWs();
        String type = cursor.token();
        cursor.skipWs();
        if (type.isEmpty() || !cursor.accept('/')) {
            return Optional.empty();
        }
        cursor.skipWs();
        String subtype = cursor.token();
        if (subtype.isEmpty() || !cursor.parameters(new LinkedHashMap<>(), false)) {
            return Optional.empty();
        }
        cursor.skipWs();
        if (!cursor.atEnd()) {
            return Optional.empty();
        }
        return Optional.of((type + "/" + subtype).toLowerCase(Locale.ROOT));
    }
}
