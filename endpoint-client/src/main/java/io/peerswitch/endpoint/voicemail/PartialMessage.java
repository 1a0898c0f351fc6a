package io.peerswitch.endpoint.voicemail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 2046 section 5.2.2 {@code message/partial}: a large entity (a voicemail's WAV) cut into pieces that
 * each fit one SIP MESSAGE in one UDP datagram. Pure functions; {@link Reassembly} puts pieces together.
 */
public final class PartialMessage {

    /** The media type of a piece. */
    public static final String TYPE = "message/partial";
    /** The longest entity ID accepted. */
    public static final int MAX_ID_LENGTH = 128;
    /** The most pieces one entity may have. */
    public static final int MAX_PARTS = 100_000;

    private PartialMessage() {
    }

    /** One piece: the entity's {@code id}, its 1-based {@code number}, how many there are ({@code total}, sent on every piece). */
    public record Part(String id, int number, int total, byte[] body) {

        public Part {
            Objects.requireNonNull(id, "id");
            if (number < 1 || total < number) {
                throw new IllegalArgumentException("piece " + number + " of " + total);
            }
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        /** The Content-Type header value of this piece. */
        public String contentType() {
            return TYPE + "; id=\"" + id + "\"; number=" + number + "; total=" + total;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Part p && p.id.equals(id) && p.number == number && p.total == total && Arrays.equals(p.body, body);
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
     * Cuts {@code content} into pieces of at most {@code maxPartBytes}: the enclosed entity is its header block
     * (Content-Type, Content-Length, then {@code extraHeaders}, then an empty line) followed by the content.
     */
    public static List<Part> split(String id, String contentType, List<Map.Entry<String, String>> extraHeaders, byte[] content,
                                   int maxPartBytes) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH || id.contains("\"") || id.contains("\\")) {
            throw new IllegalArgumentException("not a message/partial id: " + id);
        }
        if (maxPartBytes < 1) {
            throw new IllegalArgumentException("maxPartBytes must be at least 1");
        }
        StringBuilder headers = new StringBuilder("Content-Type: " + contentType + "\r\nContent-Length: " + content.length + "\r\n");
        extraHeaders.forEach(h -> headers.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
        headers.append("\r\n");
        ByteArrayOutputStream entity = new ByteArrayOutputStream();
        entity.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
        entity.writeBytes(content);
        byte[] all = entity.toByteArray();
        int total = (all.length + maxPartBytes - 1) / maxPartBytes;
        if (total > MAX_PARTS) {
            throw new IllegalArgumentException(total + " pieces; at most " + MAX_PARTS);
        }
        List<Part> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            parts.add(new Part(id, i + 1, total, Arrays.copyOfRange(all, i * maxPartBytes, Math.min(all.length, (i + 1) * maxPartBytes))));
        }
        return parts;
    }

    /** Parses a piece's Content-Type value such as {@code message/partial; id="abc"; number=2; total=40}; never throws. */
    public static PartialMessageParseResult parseContentType(String value) {
        if (value == null) {
            return new PartialMessageParseResult.Malformed("no Content-Type");
        }
        List<String> items = splitParameters(value);
        if (items.isEmpty() || !items.getFirst().strip().equalsIgnoreCase(TYPE)) {
            return new PartialMessageParseResult.Malformed("not " + TYPE);
        }
        String id = null;
        Integer number = null;
        Integer total = null;
        for (String item : items.subList(1, items.size())) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return new PartialMessageParseResult.Malformed("parameter without a value: " + item.strip());
            }
            String name = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = item.substring(eq + 1).strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            switch (name) {
                case "id" -> id = v;
                case "number" -> number = count(v);
                case "total" -> total = count(v);
                default -> { }
            }
            if ((name.equals("number") && number == null) || (name.equals("total") && total == null)) {
                return new PartialMessageParseResult.Malformed(name + " must be a number from 1 to " + MAX_PARTS);
            }
        }
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return new PartialMessageParseResult.Malformed("id missing or longer than " + MAX_ID_LENGTH);
        }
        if (number == null) {
            return new PartialMessageParseResult.Malformed("number missing");
        }
        if (total != null && number > total) {
            return new PartialMessageParseResult.Malformed("number " + number + " above total " + total);
        }
        return new PartialMessageParseResult.Parsed(id, number, total);
    }

    private static Integer count(String text) {
        if (!text.matches("\\d{1,6}")) {
            return null;
        }
        int n = Integer.parseInt(text);
        return n >= 1 && n <= MAX_PARTS ? n : null;
    }

    /** Splits at semicolons outside quoted strings. */
    private static List<String> splitParameters(String value) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                items.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        items.add(current.toString());
        return items;
    }
}
