package io.peerswitch.endpoint.media.srtp;

/** Where the parts of RTP and RTCP packets lie (RFC 3550 sections 5.1, 5.3.1 and 6.1), bounds-checked; pure functions. */
final class SrtpPackets {

    /** Bytes of the fixed RTP header. */
    static final int RTP_HEADER = 12;
    /** Bytes SRTCP leaves in clear: the first RTCP header and the sender's SSRC (RFC 3711 section 3.4). */
    static final int RTCP_HEADER = 8;
    /** Bytes of SRTCP's E flag and index (RFC 3711 section 3.4). */
    static final int SRTCP_INDEX = 4;
    /** Bytes of the SRTCP authentication tag (RFC 5764 section 4.1.2: 80 bits for both profiles). */
    static final int SRTCP_TAG = 10;

    private SrtpPackets() {
    }

    /** The length of the RTP header (CSRCs and extension included), or -1 when the packet is too short or not version 2. */
    static int rtpHeaderLength(byte[] packet, int offset, int length) {
        if (length < RTP_HEADER || (packet[offset] & 0xC0) != 0x80) {
            return -1;
        }
        int header = RTP_HEADER + 4 * (packet[offset] & 0x0F);
        if ((packet[offset] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            int words = ((packet[offset + header + 2] & 0xFF) << 8) | (packet[offset + header + 3] & 0xFF);
            header += 4 + 4 * words;
        }
        return header <= length ? header : -1;
    }

    static int sequence(byte[] packet, int offset) {
        return ((packet[offset + 2] & 0xFF) << 8) | (packet[offset + 3] & 0xFF);
    }

    /** The 32-bit big-endian value at {@code at}, unsigned. */
    static long u32(byte[] packet, int at) {
        return ((packet[at] & 0xFFL) << 24) | ((packet[at + 1] & 0xFFL) << 16) | ((packet[at + 2] & 0xFFL) << 8) | (packet[at + 3] & 0xFFL);
    }
}
