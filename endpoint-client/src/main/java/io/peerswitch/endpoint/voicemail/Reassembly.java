package io.peerswitch.endpoint.voicemail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts the pieces of one {@code message/partial} entity back together (RFC 2046 section 5.2.2.1): pieces in any
 * order, exact duplicates ignored, within limits of bytes and pieces; the enclosed header block is read from the
 * joined pieces, so it may run on past piece 1. Owned by one thread; never throws on bad input, and once complete
 * or failed it answers every further piece with that same result.
 */
public final class Reassembly {

    /** The longest enclosed header block, its closing empty line included, in bytes. */
    public static final int MAX_HEADER_BYTES = 4096;

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};
    /** Digits of {@link Integer#MAX_VALUE}, the longest Content-Length read. */
    private static final int MAX_LENGTH_DIGITS = 10;

    private final String id;
    private final int maxTotalBytes;
    private final int maxParts;
    private final TreeMap<Integer, byte[]> parts = new TreeMap<>();
    private Integer total;
    private long bytes;
    private Result finalResult;

    /**
     * Waits for the pieces of entity {@code id}.
     *
     * @param maxTotalBytes the most bytes all pieces together may hold
     * @param maxParts      the most pieces the entity may have
     */
    public Reassembly(String id, int maxTotalBytes, int maxParts) {
        if (maxTotalBytes < 1 || maxParts < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + maxTotalBytes + " bytes, " + maxParts + " pieces");
        }
        this.id = Objects.requireNonNull(id, "id");
        this.maxTotalBytes = maxTotalBytes;
        this.maxParts = maxParts;
    }

    /** The entity's ID. */
    public String id() {
        return id;
    }

    /**
     * Takes piece {@code number}, with {@code total} when the piece says it.
     *
     * @param body the piece's bytes, not null
     * @return {@link Incomplete} while pieces are missing (an exact duplicate changes nothing), {@link Complete} with the
     *         entity, or {@link Failed} when the pieces cannot make one: a total that changes or is out of range, a number
     *         out of range, a second piece under one number with other bytes, more than the limits, or an enclosed
     *         entity without a valid header block or whose Content-Length is not its length
     */
    public Result offer(int number, Integer total, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (finalResult != null) {
            return finalResult;
        }
        if (total != null) {
            if (total < 1 || total > maxParts) {
                return fail("total " + total + " is not 1 to " + maxParts);
            }
            if (this.total != null && !this.total.equals(total)) {
                return fail("total " + total + " after total " + this.total);
            }
            if (!parts.isEmpty() && parts.lastKey() > total) {
                return fail("piece " + parts.lastKey() + " beyond total " + total);
            }
            this.total = total;
        }
        int limit = this.total == null ? maxParts : this.total;
        if (number < 1 || number > limit) {
            return fail("piece number " + number + " is not 1 to " + limit);
        }
        byte[] known = parts.get(number);
        if (known == null) {
            bytes += body.length;
            if (bytes > maxTotalBytes) {
                return fail("more than " + maxTotalBytes + " bytes");
            }
            parts.put(number, body.clone());
        } else if (!Arrays.equals(known, body)) {
            return fail("piece " + number + " twice, with different bytes");
        }
        if (this.total == null || parts.size() < this.total) {
            return new Incomplete(parts.size(), this.total);
        }
        ByteBuffer joined = ByteBuffer.allocate((int) bytes);
        parts.values().forEach(joined::put);
        parts.clear();
        finalResult = entity(joined.array());
        return finalResult;
    }

    private Result fail(String reason) {
        parts.clear();
        finalResult = new Failed(reason);
        return finalResult;
    }

    /** The entity in the joined pieces: a header block ending in an empty line, then the content. */
    private static Result entity(byte[] joined) {
        int end = indexOf(joined, END_OF_HEADERS, Math.min(joined.length, MAX_HEADER_BYTES));
        if (end < 0) {
            return new Failed("no enclosed header block ending in an empty line within " + MAX_HEADER_BYTES + " bytes");
        }
        String block;
        try {
            block = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(joined, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return new Failed("the enclosed header block is not UTF-8");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : block.split("\r\n", -1)) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!PartialMessage.isFieldName(name) || !PartialMessage.isFieldValue(line)) {
                return new Failed("an enclosed header line that is not 'Name: value'");
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(name, line.substring(colon + 1).strip()));
        }
        byte[] content = Arrays.copyOfRange(joined, end + END_OF_HEADERS.length, joined.length);
        List<String> types = values(headers, "Content-Type");
        List<String> lengths = values(headers, "Content-Length");
        if (types.size() != 1 || lengths.size() != 1) {
            return new Failed("the enclosed entity needs one Content-Type and one Content-Length, has "
                    + types.size() + " and " + lengths.size());
        }
        String length = lengths.getFirst();
        if (!length.matches("[0-9]{1," + MAX_LENGTH_DIGITS + "}") || Long.parseLong(length) != content.length) {
            return new Failed("Content-Length " + length + " but " + content.length + " bytes");
        }
        return new Complete(new Entity(types.getFirst(), headers, content));
    }

    /** Where {@code pattern} first starts in {@code data} before {@code limit} bytes end, or -1. */
    private static int indexOf(byte[] data, byte[] pattern, int limit) {
        for (int i = 0; i + pattern.length <= limit; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> values(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** Where the entity stands after a piece. */
    public sealed interface Result permits Incomplete, Complete, Failed {
    }

    /**
     * More pieces are needed.
     *
     * @param received how many distinct pieces are here
     * @param total    how many there are, or null until a piece says it
     */
    public record Incomplete(int received, Integer total) implements Result {
    }

    /** All pieces are here and make this entity. */
    public record Complete(Entity entity) implements Result {

        /** Requires the entity. */
        public Complete {
            Objects.requireNonNull(entity, "entity");
        }
    }

    /** The pieces do not make an entity, and no further piece will. */
    public record Failed(String reason) implements Result {

        /** Requires the reason. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The enclosed entity (RFC 2046 section 5.2.2.1): its type, all its header fields in order (Content-Type and
     * Content-Length among them), and its content.
     */
    public record Entity(String contentType, List<Map.Entry<String, String>> headers, byte[] content) {

        /** Copies the headers and the content. */
        public Entity {
            Objects.requireNonNull(contentType, "contentType");
            headers = headers.stream().<Map.Entry<String, String>>map(h -> new AbstractMap.SimpleImmutableEntry<>(
                    Objects.requireNonNull(h.getKey()), Objects.requireNonNull(h.getValue()))).toList();
            content = content.clone();
        }

        /** A copy of the content. */
        @Override
        public byte[] content() {
            return content.clone();
        }

        /** The value of the first header named {@code name}, case-insensitively. */
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entity that && contentType.equals(that.contentType) && headers.equals(that.headers)
                    && Arrays.equals(content, that.content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(contentType, headers, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "Entity[" + contentType + ", " + headers.size() + " headers, " + content.length + " bytes]";
        }
    }
}
