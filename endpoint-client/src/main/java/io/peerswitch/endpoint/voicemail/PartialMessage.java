package io.peerswitch.endpoint.voicemail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 2046 section 5.2.2 {@code message/partial}: a large entity (a voicemail's WAV) cut into pieces that each
 * fit one SIP MESSAGE in one UDP datagram, and the pieces' Content-Type parameters. Pure functions;
 * {@link Reassembly} puts the pieces back together.
 */
public final class PartialMessage {

    /** The media type of a piece. */
    public static final String TYPE = "message/partial";
    /** The longest entity ID, in characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The most pieces one entity may have. */
    public static final int MAX_PARTS = 100_000;

    private static final String CRLF = "\r\n";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String CONTENT_LENGTH = "Content-Length";
    /** Digits of {@link #MAX_PARTS}. */
    private static final int MAX_NUMBER_DIGITS = 6;
    /** The {@code tspecials} of RFC 2045 section 5.1, which a {@code token} may not hold. */
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private PartialMessage() {
    }

    /**
     * One piece of an entity (RFC 2046 section 5.2.2): {@code id} names the entity, {@code number} counts from 1,
     * and {@code total} is sent on every piece (the RFC requires it on the last and allows it on any).
     *
     * @param id     the entity's ID: 1 to {@link #MAX_ID_LENGTH} printable ASCII characters, no {@code "} or {@code \}
     * @param number 1 to {@code total}
     * @param total  1 to {@link #MAX_PARTS}
     * @param body   the piece's bytes
     */
    public record Part(String id, int number, int total, byte[] body) {

        /** Checks the parameters and copies the body. */
        public Part {
            if (!isId(id)) {
                throw new IllegalArgumentException("a message/partial id is 1 to " + MAX_ID_LENGTH
                        + " printable ASCII characters without '\"' or '\\': " + id);
            }
            if (number < 1 || number > total || total > MAX_PARTS) {
                throw new IllegalArgumentException("piece " + number + " of " + total);
            }
            body = body.clone();
        }

        /** A copy of the piece's bytes. */
        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The Content-Type header value of this piece: {@code message/partial; id="<id>"; number=<n>; total=<t>}. */
        public String contentType() {
            return TYPE + "; id=\"" + id + "\"; number=" + number + "; total=" + total;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Part that && id.equals(that.id) && number == that.number && total == that.total
                    && Arrays.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, number, total, Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return "Part[" + id + " " + number + "/" + total + ", " + body.length + " bytes]";
        }
    }

    /**
     * Cuts an entity into pieces of at most {@code maxPartBytes} bytes. The entity is its header block (Content-Type,
     * Content-Length, then {@code extraHeaders} in order, each line ending in CRLF, then an empty line) followed by
     * {@code content}; piece 1 starts with the header block, which runs on into the next pieces when it is longer
     * than {@code maxPartBytes} ({@link Reassembly} reads it from the joined pieces, as RFC 2046 section 5.2.2.1 does).
     *
     * @throws IllegalArgumentException when the id, a header or {@code maxPartBytes} is unusable, or more than
     *                                  {@link #MAX_PARTS} pieces would be needed
     */
    public static List<Part> split(String id, String contentType, List<Map.Entry<String, String>> extraHeaders, byte[] content,
                                   int maxPartBytes) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a message/partial id: " + id);
        }
        if (maxPartBytes < 1) {
            throw new IllegalArgumentException("maxPartBytes must be at least 1, was " + maxPartBytes);
        }
        StringBuilder headers = new StringBuilder(256);
        header(headers, CONTENT_TYPE, contentType);
        header(headers, CONTENT_LENGTH, Integer.toString(content.length));
        for (Map.Entry<String, String> extra : extraHeaders) {
            if (CONTENT_TYPE.equalsIgnoreCase(extra.getKey()) || CONTENT_LENGTH.equalsIgnoreCase(extra.getKey())) {
                throw new IllegalArgumentException(extra.getKey() + " is written by split itself");
            }
            header(headers, extra.getKey(), extra.getValue());
        }
        headers.append(CRLF);
        ByteArrayOutputStream joined = new ByteArrayOutputStream(headers.length() + content.length);
        joined.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
        joined.writeBytes(content);
        byte[] entity = joined.toByteArray();
        int total = (entity.length - 1) / maxPartBytes + 1;
        if (total > MAX_PARTS) {
            throw new IllegalArgumentException(total + " pieces; at most " + MAX_PARTS);
        }
        List<Part> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int start = i * maxPartBytes;
            int end = (int) Math.min(entity.length, (long) start + maxPartBytes);
            parts.add(new Part(id, i + 1, total, Arrays.copyOfRange(entity, start, end)));
        }
        return parts;
    }

    /**
     * Parses a piece's Content-Type value such as {@code message/partial; id="abc@host"; number=2; total=40} (RFC 2045
     * section 5.1): names case-insensitive, parameters in any order, values quoted (with {@code \} escapes) or not,
     * spaces and tabs between the items, unknown parameters ignored; never throws.
     */
    public static PartialMessageParseResult parseContentType(String value) {
        if (value == null) {
            return new PartialMessageParseResult.Malformed("no Content-Type");
        }
        Cursor cursor = new Cursor(value);
        String type = cursor.token();
        cursor.skipWhitespace();
        boolean slash = cursor.take('/');
        String subtype = slash ? cursor.token() : "";
        if (!(type + "/" + subtype).equalsIgnoreCase(TYPE)) {
            return new PartialMessageParseResult.Malformed("not " + TYPE + ": " + value);
        }
        Map<String, String> parameters = new HashMap<>();
        while (cursor.skipWhitespace()) {
            if (!cursor.take(';')) {
                return new PartialMessageParseResult.Malformed("expected ';' at character " + cursor.position);
            }
            if (!cursor.skipWhitespace()) {
                break;
            }
            String name = cursor.token().toLowerCase(Locale.ROOT);
            cursor.skipWhitespace();
            if (name.isEmpty() || !cursor.take('=')) {
                return new PartialMessageParseResult.Malformed("expected name=value at character " + cursor.position);
            }
            cursor.skipWhitespace();
            String parameter = cursor.value();
            if (parameter == null) {
                return new PartialMessageParseResult.Malformed("no value for " + name + ", or an unterminated quoted string");
            }
            if (parameters.put(name, parameter) != null) {
                return new PartialMessageParseResult.Malformed(name + " twice");
            }
        }
        String id = parameters.get("id");
        if (id == null || !isId(id)) {
            return new PartialMessageParseResult.Malformed("id missing, or not 1 to " + MAX_ID_LENGTH
                    + " printable ASCII characters without '\"' or '\\'");
        }
        int number = count(parameters.get("number"));
        if (number < 1) {
            return new PartialMessageParseResult.Malformed("number missing, or not 1 to " + MAX_PARTS);
        }
        if (!parameters.containsKey("total")) {
            return new PartialMessageParseResult.Parsed(id, number, null);
        }
        int total = count(parameters.get("total"));
        if (total < 1) {
            return new PartialMessageParseResult.Malformed("total not 1 to " + MAX_PARTS);
        }
        if (number > total) {
            return new PartialMessageParseResult.Malformed("number " + number + " above total " + total);
        }
        return new PartialMessageParseResult.Parsed(id, number, total);
    }

    /** Whether {@code id} can be a piece's id: 1 to {@link #MAX_ID_LENGTH} printable ASCII characters but {@code "} and {@code \}. */
    static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < ' ' || c > '~' || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a header field name of RFC 5322 section 3.6.8: printable ASCII other than ':'. */
    static boolean isFieldName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~' || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} holds no control character other than a tab (so no CR or LF). */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static void header(StringBuilder out, String name, String value) {
        if (!isFieldName(name) || value == null || !isFieldValue(value)) {
            throw new IllegalArgumentException("not a header line: " + name + ": " + value);
        }
        out.append(name).append(": ").append(value).append(CRLF);
    }

    /** 1 to {@link #MAX_PARTS} from its decimal digits, or -1. */
    private static int count(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() > MAX_NUMBER_DIGITS) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        int count = Integer.parseInt(digits);
        return count >= 1 && count <= MAX_PARTS ? count : -1;
    }

    /** Reads the RFC 2045 section 5.1 grammar of a Content-Type value from left to right. */
    private static final class Cursor {

        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        /** Moves past spaces and tabs; whether anything follows. */
        boolean skipWhitespace() {
            while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
                position++;
            }
            return position < text.length();
        }

        /** Moves past {@code c} when it comes next; whether it did. */
        boolean take(char c) {
            if (position < text.length() && text.charAt(position) == c) {
                position++;
                return true;
            }
            return false;
        }

        /** The RFC 2045 {@code token} that comes next, after any whitespace; empty when none does. */
        String token() {
            skipWhitespace();
            int start = position;
            while (position < text.length() && isTokenChar(text.charAt(position))) {
                position++;
            }
            return text.substring(start, position);
        }

        /**
         * A parameter value: a quoted string with its escapes undone, or the characters up to the next whitespace or ';'
         * (more than a {@code token}: an unquoted {@code id} often holds an '@'); null when there is none or a quote is
         * not closed.
         */
        String value() {
            if (take('"')) {
                StringBuilder value = new StringBuilder();
                while (position < text.length()) {
                    char c = text.charAt(position++);
                    if (c == '"') {
                        return value.toString();
                    }
                    if (c == '\\' && position < text.length()) {
                        c = text.charAt(position++);
                    }
                    value.append(c);
                }
                return null;
            }
            int start = position;
            while (position < text.length() && text.charAt(position) > ' ' && text.charAt(position) != ';'
                    && text.charAt(position) != '"' && text.charAt(position) != 0x7F) {
                position++;
            }
            return position > start ? text.substring(start, position) : null;
        }

        private static boolean isTokenChar(char c) {
            return c > ' ' && c < 0x7F && TSPECIALS.indexOf(c) < 0;
        }
    }
}
