package io.peerswitch.wire.sip;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Parses and formats SIP messages (RFC 3261 section 7, framing of section 18.3) as pure functions that never
 * throw on bad input and judge the RFC 4475 torture messages as that RFC asks.
 */
public final class SipCodec {

    /**
     * Largest message, header fields and body, that {@link #parse} reads or {@link #format} writes: the
     * largest a UDP datagram can carry. Larger requests are rejected with 513 (RFC 3261 section 21.5.7).
     */
    public static final int MAX_MESSAGE_BYTES = 65_535;

    private SipCodec() {
    }

    /**
     * Parses one UDP datagram or one message a stream transport has framed. CRLFs before the start line are
     * skipped; the body is Content-Length octets, what follows them being ignored (RFC 4475 section 3.1.1.8),
     * or the rest of the input when there is no Content-Length. Header values are read as UTF-8, bytes that
     * are not UTF-8 becoming U+FFFD; the body stays opaque octets.
     *
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within {@code buf}
     */
    public static SipParseResult parse(byte[] buf, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return MessageReader.read(buf, offset, length);
    }

    /** Parses the UTF-8 encoding of {@code text}, as {@link #parse(byte[], int, int)}. */
    public static SipParseResult parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Writes {@code m} with CRLF line ends, header fields in their long form and in record order, followed by
     * a Content-Length computed from the body (RFC 3261 sections 7.3.3 and 20.14).
     *
     * @throws IllegalArgumentException when the result would exceed {@link #MAX_MESSAGE_BYTES}
     */
    public static byte[] format(SipMessage m) {
        StringBuilder head = new StringBuilder(512);
        switch (m) {
            case SipRequest request -> head.append(request.method()).append(' ').append(request.requestUri())
                    .append(" SIP/2.0\r\n");
            case SipResponse response -> head.append("SIP/2.0 ").append(response.status()).append(' ')
                    .append(response.reason()).append("\r\n");
        }
        for (SipHeader header : m.headers()) {
            head.append(header.name()).append(':');
            if (!header.value().isEmpty()) {
                head.append(' ').append(header.value());
            }
            head.append("\r\n");
        }
        byte[] body = m.body();
        head.append(HeaderNames.CONTENT_LENGTH).append(": ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if ((long) headBytes.length + body.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + (headBytes.length + body.length)
                    + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        byte[] out = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(body, 0, out, headBytes.length, body.length);
        return out;
    }
}
