package io.peerswitch.server.sip.redirect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Frames SIP messages on a stream transport (RFC 3261 section 18.3): a message ends Content-Length octets after
 * the blank line that ends its header. CRLFs between messages are skipped (RFC 5626 section 4.4.1 keepalives).
 * A message without Content-Length, or with a negative, malformed, conflicting or oversized one, cannot be
 * framed: the connection must be closed (RFC 4475 sections 3.1.2.3 and 3.3.9). A pure accumulator.
 */
public final class StreamFramer {

    /** What the next step of framing gave. */
    public sealed interface Frame {
        /** A complete message. */
        record Message(byte[] bytes) implements Frame {
        }

        /** Not enough octets yet. */
        record NeedMore() implements Frame {
        }

        /** The stream cannot be framed any more: close the connection. */
        record Broken(String reason) implements Frame {
        }
    }

    private final int maxMessage;
    private byte[] buffer = new byte[4096];
    private int length;

    /** A framer accepting messages of up to {@code maxMessage} octets. */
    public StreamFramer(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** Appends received octets. */
    public void append(byte[] data, int offset, int count) {
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(data, offset, buffer, length, count);
        length += count;
    }

    /** The next complete message, if the octets so far hold one. */
    public Frame next() {
        int start = 0;
        while (start < length && (buffer[start] == '\r' || buffer[start] == '\n')) {
            start++;
        }
        consume(start);
        int end = headerEnd();
        if (end < 0) {
            return length > maxMessage ? new Frame.Broken("header longer than " + maxMessage + " octets") : new Frame.NeedMore();
        }
        long contentLength = contentLength(new String(buffer, 0, end, StandardCharsets.ISO_8859_1));
        if (contentLength < 0) {
            return new Frame.Broken("no usable Content-Length");
        }
        if (end + contentLength > maxMessage) {
            return new Frame.Broken("message longer than " + maxMessage + " octets");
        }
        int total = (int) (end + contentLength);
        if (length < total) {
            return new Frame.NeedMore();
        }
        byte[] message = Arrays.copyOf(buffer, total);
        consume(total);
        return new Frame.Message(message);
    }

    /** Octets held and not yet framed. */
    public int buffered() {
        return length;
    }

    private void consume(int count) {
        System.arraycopy(buffer, count, buffer, 0, length - count);
        length -= count;
    }

    /** The offset just after the CRLFCRLF ending the header, or -1. */
    private int headerEnd() {
        for (int i = 3; i < length; i++) {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The single Content-Length value of a header block (long or compact name "l"); -1 if absent, malformed or conflicting. */
    static long contentLength(String header) {
        long found = -1;
        for (String line : header.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            String name = line.substring(0, colon).strip();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("l")) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            long parsed = Long.parseLong(value);
            if (found >= 0 && found != parsed) {
                return -1;
            }
            found = parsed;
        }
        return found;
    }
}
