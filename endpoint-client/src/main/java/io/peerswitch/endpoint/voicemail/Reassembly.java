package io.peerswitch.endpoint.voicemail;

import java.io.ByteArrayOutputStream;
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
 * Puts the pieces of one {@code message/partial} entity back together (RFC 2046 section 5.2.2.1): in any
 * order, exact duplicates ignored, within limits of bytes and pieces; the enclosed header block is read
 * from the joined bytes. Owned by one thread; never throws on bad input.
 */
public final class Reassembly {

    /** The longest enclosed header block. */
    public static final int MAX_HEADER_BYTES = 4096;

    /** Where the entity stands after a piece. */
    public sealed interface Result {
    }

    /** More pieces are needed; {@code total} null until a piece says it. */
    public record Incomplete(int received, Integer total) implements Result {
    }

    /** All pieces are here and the entity is whole. */
    public record Complete(Entity entity) implements Result {
    }

    /** The pieces do not make an entity; no further piece helps. */
    public record Failed(String reason) implements Result {
    }

    /** The enclosed entity: its type, its headers in order, its content. */
    public record Entity(String contentType, List<Map.Entry<String, String>> headers, byte[] content) {

        public Entity {
            Objects.requireNonNull(contentType, "contentType");
            headers = List.copyOf(headers);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** The first header named {@code name}, case-insensitively. */
        public Optional<String> header(String name) {
            return first(headers, name);
        }
    }

    private static Optional<String> first(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    private final String id;
    private final int maxTotalBytes;
    private final int maxParts;
    private final TreeMap<Integer, byte[]> parts = new TreeMap<>();
    private Integer total;
    private long bytes;
    private Result finalResult;

    public Reassembly(String id, int maxTotalBytes, int maxParts) {
        this.id = id;
        this.maxTotalBytes = maxTotalBytes;
        this.maxParts = maxParts;
    }

    /** The entity's ID. */
    public String id() {
        return id;
    }

    /** Takes piece {@code number} (with {@code total} when it says it). */
    public Result offer(int number, Integer total, byte[] body) {
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
        if (number < 1 || number > maxParts || (this.total != null && number > this.total)) {
            return fail("piece number " + number + " out of range");
        }
        byte[] known = parts.get(number);
        if (known != null) {
            return Arrays.equals(known, body) ? new Incomplete(parts.size(), this.total) : fail("piece " + number + " twice, different");
        }
        bytes += body.length;
        if (bytes > maxTotalBytes) {
            return fail("more than " + maxTotalBytes + " bytes");
        }
        parts.put(number, body.clone());
        if (this.total == null || parts.size() < this.total) {
            return new Incomplete(parts.size(), this.total);
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream((int) bytes);
        parts.values().forEach(joined::writeBytes);
        parts.clear();
        return finalResult = entity(joined.toByteArray());
    }

    private Result fail(String reason) {
        parts.clear();
        return finalResult = new Failed(reason);
    }

    private static Result entity(byte[] all) {
        int end = -1;
        for (int i = 0; i + 3 < all.length && i < MAX_HEADER_BYTES; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return new Failed("no enclosed header block within " + MAX_HEADER_BYTES + " bytes");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line : new String(all, 0, end, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return new Failed("an enclosed header line without a name");
            }
            headers.add(new AbstractMap.SimpleImmutableEntry<>(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        byte[] content = Arrays.copyOfRange(all, end + 4, all.length);
        Optional<String> type = first(headers, "Content-Type");
        Optional<String> length = first(headers, "Content-Length");
        if (type.isEmpty() || length.isEmpty()) {
            return new Failed("the enclosed entity lacks Content-Type or Content-Length");
        }
        if (!length.get().matches("\\d{1,10}") || Long.parseLong(length.get()) != content.length) {
            return new Failed("Content-Length " + length.get() + " but " + content.length + " bytes");
        }
        return new Complete(new Entity(type.get(), headers, content));
    }
}
