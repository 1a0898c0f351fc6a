package io.peerswitch.endpoint.media.rtp;

/**
 * Tells RTP from RTCP arriving on one port by the second octet (RFC 5761 section 4): values whose
 * low seven bits are 64 to 95 are RTCP packet types 192 to 223, anything else with version 2 is
 * RTP. Cheap enough to run on every datagram; it does not validate the packet.
 */
public final class RtpDemux {

    /** Smallest RTCP compound packet: an empty receiver report (RFC 3550 section 6.4.2). */
    public static final int MIN_RTCP_LENGTH = 8;

    private static final int FIRST_RTCP_TYPE = 64;
    private static final int LAST_RTCP_TYPE = 95;

    private RtpDemux() {
    }

    /** Whether the datagram is long enough for an RTP header, is version 2 and has a payload type outside 64-95. */
    public static boolean looksLikeRtp(byte[] buf, int off, int len) {
        return versionTwo(buf, off, len, RtpCodec.FIXED_HEADER_LENGTH) && !rtcpRange(buf[off + 1]);
    }

    /** Whether the datagram is long enough for RTCP, is version 2 and its packet type falls in 192-223. */
    public static boolean looksLikeRtcp(byte[] buf, int off, int len) {
        return versionTwo(buf, off, len, MIN_RTCP_LENGTH) && rtcpRange(buf[off + 1]);
    }

    private static boolean versionTwo(byte[] buf, int off, int len, int minLength) {
        return buf != null && off >= 0 && len >= minLength && off <= buf.length - len
                && (buf[off] & 0xC0) == RtpPacket.VERSION << 6;
    }

    private static boolean rtcpRange(byte second) {
        int type = second & 0x7F;
        return type >= FIRST_RTCP_TYPE && type <= LAST_RTCP_TYPE;
    }
}
