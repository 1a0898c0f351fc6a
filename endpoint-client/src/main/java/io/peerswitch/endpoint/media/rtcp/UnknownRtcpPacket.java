package io.peerswitch.endpoint.media.rtcp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An RTCP packet of a type this codec does not interpret (APP, feedback, extended reports...), kept
 * as bytes so that the rest of its compound packet still decodes (RFC 3550 section 6.1: "unknown
 * packet types ... should be ignored").
 *
 * @param packetType  the packet type octet
 * @param count       the five-bit field after the padding bit (a count or subtype, depending on the type)
 * @param body        the bytes after the 4-byte header, without padding (a multiple of 4 long)
 */
public record UnknownRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {

    /** Checks the ranges and copies the body. */
    public UnknownRtcpPacket {
        if (packetType < 0 || packetType > 0xFF) {
            throw new IllegalArgumentException("packet type must be 0 to 255, was " + packetType);
        }
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 0 to 31, was " + count);
        }
        body = Objects.requireNonNull(body, "body").clone();
        if (body.length % 4 != 0) {
            throw new IllegalArgumentException("body must be a whole number of 32-bit words");
        }
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnknownRtcpPacket that
                && packetType == that.packetType && count == that.count && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return (31 * packetType + count) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownRtcpPacket[type=" + packetType + ", count=" + count + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
}
