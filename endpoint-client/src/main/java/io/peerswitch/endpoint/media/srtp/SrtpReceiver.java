package io.peerswitch.endpoint.media.srtp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks and decrypts incoming SRTP and SRTCP of one direction (RFC 3711 section 3.3): the packet index guessed
 * from the rollover counter (section 3.3.1, Appendix A), the replay list (section 3.3.2), the tag; only a packet
 * whose tag verified changes the rollover counter or the replay windows. Not thread-safe: callers synchronize.
 */
public final class SrtpReceiver {

    /** Packets remembered behind the highest index, per source (RFC 3711 section 3.3.2 asks for at least 64). */
    public static final int REPLAY_WINDOW = 64;
    /** Sources (SSRCs) a peer may use at once; more are refused, so a remote party cannot grow this map. */
    public static final int MAX_SOURCES = 8;

    private final SrtpProfile profile;
    private final SrtpCipher rtp;
    private final SrtpCipher rtcp;
    private final Map<Long, Stream> rtpSources = new LinkedHashMap<>();
    private final Map<Long, Stream> rtcpSources = new LinkedHashMap<>();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();

    /** One source's rollover counter, highest sequence number and replay window. */
    private static final class Stream {
        long roc;
        int highestSequence = -1;
        long highestIndex = -1;
        long window; // bit i: highestIndex - i was received

        boolean replayed(long index) {
            if (highestIndex < 0 || index > highestIndex) {
                return false;
            }
            long behind = highestIndex - index;
            return behind >= REPLAY_WINDOW || (window & (1L << behind)) != 0;
        }

        void accept(long index) {
            if (index > highestIndex) {
                long shift = highestIndex < 0 ? REPLAY_WINDOW : index - highestIndex;
                window = shift >= REPLAY_WINDOW ? 1L : (window << shift) | 1L;
                highestIndex = index;
            } else {
                window |= 1L << (highestIndex - index);
            }
        }
    }

    public SrtpReceiver(SrtpKeys keys) {
        this.profile = keys.profile();
        this.rtp = new SrtpCipher(keys, false);
        this.rtcp = new SrtpCipher(keys, true);
    }

    /** The RTP packet inside an SRTP packet, or why it was refused (RFC 3711 section 3.3). */
    public SrtpResult unprotectRtp(byte[] packet, int offset, int length) {
        int tagLength = profile.rtpTagLength();
        int header = SrtpPackets.rtpHeaderLength(packet, offset, length - tagLength);
        if (length <= tagLength || header < 0) {
            return new SrtpResult.Refused(SrtpResult.Reason.MALFORMED);
        }
        long ssrc = SrtpPackets.u32(packet, offset + 8);
        int sequence = SrtpPackets.sequence(packet, offset);
        Stream known = rtpSources.get(ssrc);
        Stream stream = known != null ? known : new Stream();
        long roc = guessRoc(stream, sequence);
        if (roc < 0) {
            return new SrtpResult.Refused(SrtpResult.Reason.REPLAY);
        }
        long index = (roc << 16) | sequence;
        if (stream.replayed(index)) {
            replays.incrementAndGet();
            return new SrtpResult.Refused(SrtpResult.Reason.REPLAY);
        }
        int authenticated = length - tagLength;
        if (!rtp.verify(packet, offset, authenticated, roc, packet, offset + authenticated, tagLength)) {
            authFailures.incrementAndGet();
            return new SrtpResult.Refused(SrtpResult.Reason.AUTHENTICATION);
        }
        if (known == null) {
            if (rtpSources.size() >= MAX_SOURCES) {
                return new SrtpResult.Refused(SrtpResult.Reason.TOO_MANY_SOURCES);
            }
            rtpSources.put(ssrc, stream);
        }
        // Authenticated: now the state may move (RFC 3711 section 3.3.1).
        if (stream.highestSequence < 0 || roc > stream.roc) {
            stream.roc = roc;
            stream.highestSequence = sequence;
        } else if (roc == stream.roc && sequence > stream.highestSequence) {
            stream.highestSequence = sequence;
        }
        stream.accept(index);
        byte[] out = Arrays.copyOfRange(packet, offset, offset + authenticated);
        rtp.transform(out, header, authenticated - header, ssrc, index);
        return new SrtpResult.Plain(out);
    }

    /** The RTCP compound packet inside an SRTCP packet, or why it was refused (RFC 3711 section 3.4). */
    public SrtpResult unprotectRtcp(byte[] packet, int offset, int length) {
        int trailer = SrtpPackets.SRTCP_INDEX + SrtpPackets.SRTCP_TAG;
        if (length < SrtpPackets.RTCP_HEADER + trailer || (packet[offset] & 0xC0) != 0x80) {
            return new SrtpResult.Refused(SrtpResult.Reason.MALFORMED);
        }
        int indexAt = offset + length - trailer;
        long eAndIndex = SrtpPackets.u32(packet, indexAt);
        long index = eAndIndex & 0x7FFF_FFFFL;
        boolean encrypted = (eAndIndex & 0x8000_0000L) != 0;
        long ssrc = SrtpPackets.u32(packet, offset + 4);
        Stream known = rtcpSources.get(ssrc);
        Stream stream = known != null ? known : new Stream();
        if (stream.replayed(index)) {
            replays.incrementAndGet();
            return new SrtpResult.Refused(SrtpResult.Reason.REPLAY);
        }
        int authenticated = length - SrtpPackets.SRTCP_TAG;
        if (!rtcp.verify(packet, offset, authenticated, -1, packet, offset + authenticated, SrtpPackets.SRTCP_TAG)) {
            authFailures.incrementAndGet();
            return new SrtpResult.Refused(SrtpResult.Reason.AUTHENTICATION);
        }
        if (known == null) {
            if (rtcpSources.size() >= MAX_SOURCES) {
                return new SrtpResult.Refused(SrtpResult.Reason.TOO_MANY_SOURCES);
            }
            rtcpSources.put(ssrc, stream);
        }
        stream.accept(index);
        int plainLength = length - trailer;
        byte[] out = Arrays.copyOfRange(packet, offset, offset + plainLength);
        if (encrypted) {
            rtcp.transform(out, SrtpPackets.RTCP_HEADER, plainLength - SrtpPackets.RTCP_HEADER, ssrc, index);
        }
        return new SrtpResult.Plain(out);
    }

    /** Packets whose tag did not verify. */
    public long authFailures() {
        return authFailures.get();
    }

    /** Packets refused as replays or as too old for the window. */
    public long replays() {
        return replays.get();
    }

    /**
     * The rollover counter a sequence number belongs to (RFC 3711 Appendix A); -1 when it would be below zero
     * (a packet from before the first one of the stream).
     */
    private static long guessRoc(Stream stream, int sequence) {
        if (stream.highestSequence < 0) {
            return 0;
        }
        int sl = stream.highestSequence;
        long v;
        if (sl < 0x8000) {
            v = sequence - sl > 0x8000 ? stream.roc - 1 : stream.roc;
        } else {
            v = sl - 0x8000 > sequence ? stream.roc + 1 : stream.roc;
        }
        return v > 0xFFFF_FFFFL ? -1 : v;
    }
}
