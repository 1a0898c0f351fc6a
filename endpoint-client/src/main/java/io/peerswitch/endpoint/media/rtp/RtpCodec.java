package io.peerswitch.endpoint.media.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure bytes-to-record codec for RTP data packets (RFC 3550 section 5.1): {@link #decode} never
 * throws and applies the header checks of RFC 3550 appendix A.1; {@link #encodeInto} writes into a
 * caller's reused buffer on the hot path.
 */
public final class RtpCodec {

    /** Length of the fixed header (RFC 3550 section 5.1). */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Longest datagram accepted: the largest UDP payload. */
    public static final int MAX_PACKET_LENGTH = 65_535;

    private static final int CSRC_LENGTH = 4;
    private static final int EXTENSION_HEADER_LENGTH = 4;

    private RtpCodec() {
    }

    /** Decodes {@code len} bytes of {@code buf} from {@code off}; invalid bounds or bytes give {@link RtpDecodeResult.Malformed}. */
    public static RtpDecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new RtpDecodeResult.Malformed("offset and length lie outside the buffer");
        }
        if (len > MAX_PACKET_LENGTH) {
            return new RtpDecodeResult.Malformed("longer than " + MAX_PACKET_LENGTH + " bytes");
        }
        if (len < FIXED_HEADER_LENGTH) {
            return new RtpDecodeResult.Malformed(len + " bytes is shorter than the " + FIXED_HEADER_LENGTH + "-byte fixed header");
        }
        int first = buf[off] & 0xFF;
        int version = first >>> 6;
        if (version != RtpPacket.VERSION) {
            return new RtpDecodeResult.Malformed("version " + version + ", expected " + RtpPacket.VERSION);
        }
        boolean padding = (first & 0x20) != 0;
        boolean hasExtension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int second = buf[off + 1] & 0xFF;
        int end = off + len;

        int position = off + FIXED_HEADER_LENGTH;
        if (end - position < csrcCount * CSRC_LENGTH) {
            return new RtpDecodeResult.Malformed("CSRC count " + csrcCount + " runs past the end of the packet");
        }
        List<Long> csrcs = new ArrayList<>(csrcCount);
        for (int i = 0; i < csrcCount; i++) {
            csrcs.add(readUnsigned32(buf, position));
            position += CSRC_LENGTH;
        }

        RtpHeaderExtension extension = null;
        if (hasExtension) {
            if (end - position < EXTENSION_HEADER_LENGTH) {
                return new RtpDecodeResult.Malformed("extension bit set but no room for the extension header");
            }
            int profile = readUnsigned16(buf, position);
            int dataLength = readUnsigned16(buf, position + 2) * 4;
            position += EXTENSION_HEADER_LENGTH;
            if (end - position < dataLength) {
                return new RtpDecodeResult.Malformed("extension length " + dataLength + " bytes runs past the end of the packet");
            }
            byte[] data = new byte[dataLength];
            System.arraycopy(buf, position, data, 0, dataLength);
            extension = new RtpHeaderExtension(profile, data);
            position += dataLength;
        }

        int paddingLength = 0;
        if (padding) {
            paddingLength = buf[end - 1] & 0xFF;
            if (paddingLength == 0) {
                return new RtpDecodeResult.Malformed("padding bit set but padding count is 0");
            }
            if (paddingLength > end - position) {
                return new RtpDecodeResult.Malformed("padding count " + paddingLength + " is longer than the payload");
            }
        }
        byte[] payload = new byte[end - paddingLength - position];
        System.arraycopy(buf, position, payload, 0, payload.length);

        return new RtpDecodeResult.Decoded(new RtpPacket(
                (second & 0x80) != 0,
                second & 0x7F,
                readUnsigned16(buf, off + 2),
                readUnsigned32(buf, off + 4),
                readUnsigned32(buf, off + 8),
                csrcs,
                extension,
                payload,
                paddingLength));
    }

    /** Number of bytes {@link #encodeInto} writes for {@code packet}. */
    public static int encodedLength(RtpPacket packet) {
        int length = FIXED_HEADER_LENGTH + packet.csrcs().size() * CSRC_LENGTH + packet.payloadLength() + packet.paddingLength();
        if (packet.hasExtension()) {
            length += EXTENSION_HEADER_LENGTH + packet.extension().dataLength();
        }
        return length;
    }

    /** The packet as a new byte array. */
    public static byte[] encode(RtpPacket packet) {
        byte[] out = new byte[encodedLength(packet)];
        encodeInto(packet, out, 0);
        return out;
    }

    /**
     * Writes the packet into {@code buf} from {@code off} and returns the number of bytes written;
     * the buffer must have room for {@link #encodedLength} bytes.
     *
     * @throws IllegalArgumentException if it has not (a programming error, not a network one)
     */
    public static int encodeInto(RtpPacket packet, byte[] buf, int off) {
        int length = encodedLength(packet);
        if (off < 0 || off > buf.length - length) {
            throw new IllegalArgumentException("need " + length + " bytes at offset " + off + " in a buffer of " + buf.length);
        }
        List<Long> csrcs = packet.csrcs();
        buf[off] = (byte) (RtpPacket.VERSION << 6
                | (packet.hasPadding() ? 0x20 : 0)
                | (packet.hasExtension() ? 0x10 : 0)
                | csrcs.size());
        buf[off + 1] = (byte) ((packet.marker() ? 0x80 : 0) | packet.payloadType());
        writeUnsigned16(buf, off + 2, packet.sequenceNumber());
        writeUnsigned32(buf, off + 4, packet.timestamp());
        writeUnsigned32(buf, off + 8, packet.ssrc());
        int position = off + FIXED_HEADER_LENGTH;
        for (long csrc : csrcs) {
            writeUnsigned32(buf, position, csrc);
            position += CSRC_LENGTH;
        }
        if (packet.hasExtension()) {
            RtpHeaderExtension extension = packet.extension();
            writeUnsigned16(buf, position, extension.profile());
            writeUnsigned16(buf, position + 2, extension.dataLength() / 4);
            position += EXTENSION_HEADER_LENGTH;
            extension.copyDataTo(buf, position);
            position += extension.dataLength();
        }
        packet.copyPayloadTo(buf, position);
        position += packet.payloadLength();
        if (packet.hasPadding()) {
            int padding = packet.paddingLength();
            for (int i = 0; i < padding - 1; i++) {
                buf[position + i] = 0;
            }
            buf[position + padding - 1] = (byte) padding;
        }
        return length;
    }

    private static int readUnsigned16(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    private static long readUnsigned32(byte[] buf, int at) {
        return (long) readUnsigned16(buf, at) << 16 | readUnsigned16(buf, at + 2);
    }

    private static void writeUnsigned16(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 8);
        buf[at + 1] = (byte) value;
    }

    private static void writeUnsigned32(byte[] buf, int at, long value) {
        writeUnsigned16(buf, at, (int) (value >>> 16));
        writeUnsigned16(buf, at + 2, (int) value);
    }
}
