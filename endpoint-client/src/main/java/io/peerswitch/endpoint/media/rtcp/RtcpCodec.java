package io.peerswitch.endpoint.media.rtcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pure bytes-to-records codec for compound RTCP packets (RFC 3550 section 6.1, formats of sections
 * 6.4 to 6.6): {@link #decode} never throws and applies the validity checks of RFC 3550 appendix
 * A.2; packet types it does not interpret come back as {@link UnknownRtcpPacket}.
 */
public final class RtcpCodec {

    /** Longest datagram accepted: the largest UDP payload. */
    public static final int MAX_COMPOUND_LENGTH = 65_535;
    /** Length of the common header of every RTCP packet. */
    public static final int HEADER_LENGTH = 4;

    private static final int VERSION = 2;
    private static final int SENDER_INFO_LENGTH = 20;
    private static final int MAX_PACKET_LENGTH = (0xFFFF + 1) * 4;

    private RtcpCodec() {
    }

    /** Decodes a compound packet of {@code len} bytes of {@code buf} from {@code off}; never throws. */
    public static RtcpDecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new RtcpDecodeResult.Malformed("offset and length lie outside the buffer");
        }
        if (len > MAX_COMPOUND_LENGTH) {
            return new RtcpDecodeResult.Malformed("longer than " + MAX_COMPOUND_LENGTH + " bytes");
        }
        if (len < HEADER_LENGTH) {
            return new RtcpDecodeResult.Malformed(len + " bytes is shorter than an RTCP header");
        }
        if (len % 4 != 0) {
            return new RtcpDecodeResult.Malformed(len + " bytes is not a whole number of 32-bit words");
        }
        List<RtcpPacket> packets = new ArrayList<>();
        int end = off + len;
        int position = off;
        while (position < end) {
            int index = packets.size() + 1;
            int first = buf[position] & 0xFF;
            if (first >>> 6 != VERSION) {
                return new RtcpDecodeResult.Malformed("packet " + index + " has version " + (first >>> 6) + ", expected 2");
            }
            int count = first & 0x1F;
            int type = buf[position + 1] & 0xFF;
            int packetLength = (u16(buf, position + 2) + 1) * 4;
            if (packetLength > end - position) {
                return new RtcpDecodeResult.Malformed("packet " + index + " claims " + packetLength + " bytes, only "
                        + (end - position) + " remain");
            }
            if (packets.isEmpty() && type != RtcpPacket.SR && type != RtcpPacket.RR) {
                return new RtcpDecodeResult.Malformed("a compound packet must start with SR or RR, found packet type " + type);
            }
            int bodyEnd = position + packetLength;
            if ((first & 0x20) != 0) {
                if (bodyEnd != end) {
                    return new RtcpDecodeResult.Malformed("packet " + index + " is padded but is not the last packet");
                }
                int padding = buf[bodyEnd - 1] & 0xFF;
                if (padding == 0 || padding % 4 != 0 || padding > packetLength - HEADER_LENGTH) {
                    return new RtcpDecodeResult.Malformed("packet " + index + " has an impossible padding count " + padding);
                }
                bodyEnd -= padding;
            }
            Body body = new Body(buf, position + HEADER_LENGTH, bodyEnd);
            try {
                packets.add(switch (type) {
                    case RtcpPacket.SR -> senderReport(body, count);
                    case RtcpPacket.RR -> receiverReport(body, count);
                    case RtcpPacket.SDES -> sourceDescription(body, count, position);
                    case RtcpPacket.BYE -> bye(body, count);
                    default -> new UnknownRtcpPacket(type, count, body.copy());
                });
            } catch (MalformedPacketException e) {
                return new RtcpDecodeResult.Malformed("packet " + index + ": " + e.getMessage());
            }
            position += packetLength;
        }
        return new RtcpDecodeResult.Decoded(packets);
    }

    /**
     * Encodes a compound packet, without padding.
     *
     * @throws IllegalArgumentException if {@code packets} is empty or does not start with an SR or RR
     *                                  (RFC 3550 section 6.1), or a packet is too long for its length field
     */
    public static byte[] encode(List<RtcpPacket> packets) {
        Objects.requireNonNull(packets, "packets");
        if (packets.isEmpty() || !(packets.getFirst() instanceof SenderReport || packets.getFirst() instanceof ReceiverReport)) {
            throw new IllegalArgumentException("a compound RTCP packet must start with a sender or receiver report");
        }
        int total = 0;
        for (RtcpPacket packet : packets) {
            int length = encodedLength(packet);
            if (length > MAX_PACKET_LENGTH) {
                throw new IllegalArgumentException("packet of type " + packet.packetType() + " would be " + length + " bytes");
            }
            total += length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (RtcpPacket packet : packets) {
            write(packet, out);
        }
        return out.array();
    }

    private static SenderReport senderReport(Body body, int count) throws MalformedPacketException {
        int needed = 4 + SENDER_INFO_LENGTH + count * ReportBlock.LENGTH;
        if (body.length() < needed) {
            throw new MalformedPacketException("SR with " + count + " report blocks needs " + needed + " bytes, has " + body.length());
        }
        int at = body.start;
        return new SenderReport(u32(body.buf, at), u32(body.buf, at + 4) << 32 | u32(body.buf, at + 8),
                u32(body.buf, at + 12), u32(body.buf, at + 16), u32(body.buf, at + 20),
                reportBlocks(body.buf, at + 4 + SENDER_INFO_LENGTH, count));
    }

    private static ReceiverReport receiverReport(Body body, int count) throws MalformedPacketException {
        int needed = 4 + count * ReportBlock.LENGTH;
        if (body.length() < needed) {
            throw new MalformedPacketException("RR with " + count + " report blocks needs " + needed + " bytes, has " + body.length());
        }
        return new ReceiverReport(u32(body.buf, body.start), reportBlocks(body.buf, body.start + 4, count));
    }

    private static List<ReportBlock> reportBlocks(byte[] buf, int at, int count) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int block = at + i * ReportBlock.LENGTH;
            int cumulative = (buf[block + 5] & 0xFF) << 16 | u16(buf, block + 6);
            blocks.add(new ReportBlock(
                    u32(buf, block),
                    buf[block + 4] & 0xFF,
                    cumulative << 8 >> 8,
                    u32(buf, block + 8),
                    u32(buf, block + 12),
                    u32(buf, block + 16),
                    u32(buf, block + 20)));
        }
        return blocks;
    }

    private static SourceDescription sourceDescription(Body body, int count, int packetStart)
            throws MalformedPacketException {
        List<SdesChunk> chunks = new ArrayList<>(count);
        int at = body.start;
        for (int i = 0; i < count; i++) {
            if (body.end - at < 4) {
                throw new MalformedPacketException("SDES chunk " + (i + 1) + " of " + count + " is missing");
            }
            long ssrc = u32(body.buf, at);
            at += 4;
            List<SdesItem> items = new ArrayList<>();
            while (true) {
                if (at >= body.end) {
                    throw new MalformedPacketException("SDES chunk " + (i + 1) + " has no terminating null octet");
                }
                int type = body.buf[at] & 0xFF;
                if (type == 0) {
                    at = packetStart + align4(at + 1 - packetStart);
                    break;
                }
                if (body.end - at < 2 || body.end - at - 2 < (body.buf[at + 1] & 0xFF)) {
                    throw new MalformedPacketException("SDES item of type " + type + " runs past the end of the packet");
                }
                int length = body.buf[at + 1] & 0xFF;
                items.add(new SdesItem(type, new String(body.buf, at + 2, length, StandardCharsets.UTF_8)));
                at += 2 + length;
            }
            if (at > body.end) {
                throw new MalformedPacketException("SDES chunk " + (i + 1) + " padding runs past the end of the packet");
            }
            chunks.add(new SdesChunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }

    private static Bye bye(Body body, int count) throws MalformedPacketException {
        if (body.length() < count * 4) {
            throw new MalformedPacketException("BYE with " + count + " sources needs " + count * 4 + " bytes, has " + body.length());
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(u32(body.buf, body.start + i * 4));
        }
        int at = body.start + count * 4;
        String reason = null;
        if (at < body.end) {
            int length = body.buf[at] & 0xFF;
            if (length > body.end - at - 1) {
                throw new MalformedPacketException("BYE reason of " + length + " bytes runs past the end of the packet");
            }
            reason = new String(body.buf, at + 1, length, StandardCharsets.UTF_8);
        }
        return new Bye(ssrcs, reason);
    }

    private static int encodedLength(RtcpPacket packet) {
        return switch (packet) {
            case SenderReport sr -> HEADER_LENGTH + 4 + SENDER_INFO_LENGTH + sr.reportBlocks().size() * ReportBlock.LENGTH;
            case ReceiverReport rr -> HEADER_LENGTH + 4 + rr.reportBlocks().size() * ReportBlock.LENGTH;
            case SourceDescription sdes -> {
                int length = HEADER_LENGTH;
                for (SdesChunk chunk : sdes.chunks()) {
                    int items = 0;
                    for (SdesItem item : chunk.items()) {
                        items += 2 + utf8(item.text()).length;
                    }
                    length += 4 + align4(items + 1);
                }
                yield length;
            }
            case Bye bye -> HEADER_LENGTH + bye.ssrcs().size() * 4
                    + (bye.reason() == null ? 0 : align4(1 + utf8(bye.reason()).length));
            case UnknownRtcpPacket unknown -> HEADER_LENGTH + unknown.body().length;
        };
    }

    private static void write(RtcpPacket packet, ByteBuffer out) {
        int start = out.position();
        int length = encodedLength(packet);
        int count = switch (packet) {
            case SenderReport sr -> sr.reportBlocks().size();
            case ReceiverReport rr -> rr.reportBlocks().size();
            case SourceDescription sdes -> sdes.chunks().size();
            case Bye bye -> bye.ssrcs().size();
            case UnknownRtcpPacket unknown -> unknown.count();
        };
        out.put((byte) (VERSION << 6 | count));
        out.put((byte) packet.packetType());
        out.putShort((short) (length / 4 - 1));
        switch (packet) {
            case SenderReport sr -> {
                out.putInt((int) sr.ssrc());
                out.putLong(sr.ntpTimestamp());
                out.putInt((int) sr.rtpTimestamp());
                out.putInt((int) sr.packetCount());
                out.putInt((int) sr.octetCount());
                sr.reportBlocks().forEach(block -> write(block, out));
            }
            case ReceiverReport rr -> {
                out.putInt((int) rr.ssrc());
                rr.reportBlocks().forEach(block -> write(block, out));
            }
            case SourceDescription sdes -> {
                for (SdesChunk chunk : sdes.chunks()) {
                    out.putInt((int) chunk.ssrc());
                    for (SdesItem item : chunk.items()) {
                        byte[] text = utf8(item.text());
                        out.put((byte) item.type());
                        out.put((byte) text.length);
                        out.put(text);
                    }
                    out.put((byte) 0);
                    while ((out.position() - start) % 4 != 0) {
                        out.put((byte) 0);
                    }
                }
            }
            case Bye bye -> {
                bye.ssrcs().forEach(ssrc -> out.putInt(ssrc.intValue()));
                if (bye.reason() != null) {
                    byte[] reason = utf8(bye.reason());
                    out.put((byte) reason.length);
                    out.put(reason);
                    while ((out.position() - start) % 4 != 0) {
                        out.put((byte) 0);
                    }
                }
            }
            case UnknownRtcpPacket unknown -> out.put(unknown.body());
        }
    }

    private static void write(ReportBlock block, ByteBuffer out) {
        out.putInt((int) block.ssrc());
        out.putInt(block.fractionLost() << 24 | block.cumulativeLost() & 0xFF_FFFF);
        out.putInt((int) block.extendedHighestSequence());
        out.putInt((int) block.jitter());
        out.putInt((int) block.lastSenderReport());
        out.putInt((int) block.delaySinceLastSenderReport());
    }

    private static int align4(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int u16(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    private static long u32(byte[] buf, int at) {
        return (long) u16(buf, at) << 16 | u16(buf, at + 2);
    }

    /** The bytes of one packet after its header, without padding. */
    private record Body(byte[] buf, int start, int end) {

        int length() {
            return end - start;
        }

        byte[] copy() {
            byte[] copy = new byte[end - start];
            System.arraycopy(buf, start, copy, 0, copy.length);
            return copy;
        }
    }

    /** Why one packet's body does not parse; caught in {@link #decode}, never thrown out of this class. */
    private static final class MalformedPacketException extends Exception {

        MalformedPacketException(String reason) {
            super(reason, null, false, false);
        }
    }
}
