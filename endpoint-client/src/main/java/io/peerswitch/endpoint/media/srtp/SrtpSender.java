package io.peerswitch.endpoint.media.srtp;

import java.util.Arrays;

/**
 * Protects outgoing RTP and RTCP of one direction (RFC 3711 sections 3.3 and 3.4): RTP with the index its
 * sequence numbers and rollover counter make, RTCP with a 31-bit SRTCP index of its own. Not thread-safe: the
 * media sender owns it (callers on other threads synchronize).
 */
public final class SrtpSender {

    /** The most RTP packets one master key may protect (RFC 3711 section 9.2: 2^48). */
    public static final long MAX_RTP_INDEX = (1L << 48) - 1;
    /** The most SRTCP packets one master key may protect (RFC 3711 section 9.2: 2^31). */
    public static final long MAX_RTCP_INDEX = (1L << 31) - 1;

    private final SrtpProfile profile;
    private final SrtpCipher rtp;
    private final SrtpCipher rtcp;
    private long rtpSsrc = -1;
    private long roc;
    private int lastSequence = -1;
    private long rtcpIndex;

    public SrtpSender(SrtpKeys keys) {
        this.profile = keys.profile();
        this.rtp = new SrtpCipher(keys, false);
        this.rtcp = new SrtpCipher(keys, true);
    }

    /**
     * The SRTP packet of an RTP packet: payload encrypted, tag appended (RFC 3711 section 3.3).
     *
     * @throws IllegalArgumentException when {@code packet} is not RTP version 2
     * @throws IllegalStateException    when the key has protected its 2^48 packets
     */
    public byte[] protectRtp(byte[] packet, int offset, int length) {
        int header = SrtpPackets.rtpHeaderLength(packet, offset, length);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        long ssrc = SrtpPackets.u32(packet, offset + 8);
        int sequence = SrtpPackets.sequence(packet, offset);
        if (ssrc != rtpSsrc) {
            rtpSsrc = ssrc;
            roc = 0;
        } else if (sequence < lastSequence && lastSequence - sequence > 0x8000) {
            roc++; // the 16-bit sequence number wrapped (RFC 3711 section 3.3.1)
        }
        lastSequence = sequence;
        long index = (roc << 16) | sequence;
        if (index > MAX_RTP_INDEX || roc > 0xFFFF_FFFFL) {
            throw new IllegalStateException("this SRTP master key protected 2^48 packets: re-key (RFC 3711 section 9.2)");
        }
        int tagLength = profile.rtpTagLength();
        byte[] out = Arrays.copyOfRange(packet, offset, offset + length + tagLength);
        rtp.transform(out, header, length - header, ssrc, index);
        rtp.tag(out, 0, length, roc, out, length, tagLength);
        return out;
    }

    /**
     * The SRTCP packet of an RTCP compound packet: all but the first 8 bytes encrypted, the E flag and index, and
     * the 80-bit tag appended (RFC 3711 section 3.4).
     */
    public byte[] protectRtcp(byte[] packet, int offset, int length) {
        if (length < SrtpPackets.RTCP_HEADER || (packet[offset] & 0xC0) != 0x80) {
            throw new IllegalArgumentException("not an RTCP packet");
        }
        if (rtcpIndex > MAX_RTCP_INDEX) {
            throw new IllegalStateException("this SRTP master key protected 2^31 RTCP packets: re-key (RFC 3711 section 9.2)");
        }
        long index = rtcpIndex++;
        long ssrc = SrtpPackets.u32(packet, offset + 4);
        byte[] out = Arrays.copyOfRange(packet, offset, offset + length + SrtpPackets.SRTCP_INDEX + SrtpPackets.SRTCP_TAG);
        rtcp.transform(out, SrtpPackets.RTCP_HEADER, length - SrtpPackets.RTCP_HEADER, ssrc, index);
        long eAndIndex = 0x8000_0000L | index;
        for (int i = 0; i < 4; i++) {
            out[length + i] = (byte) (eAndIndex >>> (24 - 8 * i));
        }
        rtcp.tag(out, 0, length + SrtpPackets.SRTCP_INDEX, -1, out, length + SrtpPackets.SRTCP_INDEX, SrtpPackets.SRTCP_TAG);
        return out;
    }
}
