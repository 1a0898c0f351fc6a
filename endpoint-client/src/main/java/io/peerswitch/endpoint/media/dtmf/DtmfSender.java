package io.peerswitch.endpoint.media.dtmf;

import io.peerswitch.endpoint.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the RTP packets of one key press (RFC 4733 section 2.5.1): all carry the event's start
 * timestamp, the first has the marker bit, each update reports the duration so far, and the final
 * packet, with the E bit, is sent {@link #END_PACKET_COUNT} times. Pure: it says what to send and
 * when; the media loop sends.
 *
 * @param payloadType      the telephone-event payload type negotiated in SDP (often 101)
 * @param ssrc             the SSRC of the audio stream the events replace (same stream, section 2.1)
 * @param intervalSamples  update interval in timestamp units (the audio ptime: 160 for 20 ms at 8000 Hz)
 * @param volume           power level in -dBm0 (0 to 63)
 */
public record DtmfSender(int payloadType, long ssrc, int intervalSamples, int volume) {

    /** How many times the final packet is sent (RFC 4733 section 2.5.1.4). */
    public static final int END_PACKET_COUNT = 3;
    /** A typical power level: -10 dBm0. */
    public static final int DEFAULT_VOLUME = 10;

    /** Checks the ranges. */
    public DtmfSender {
        if (payloadType < 0 || payloadType > RtpPacket.MAX_PAYLOAD_TYPE) {
            throw new IllegalArgumentException("payload type must be 0 to 127, was " + payloadType);
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("SSRC must be an unsigned 32-bit value, was " + ssrc);
        }
        if (intervalSamples < 1 || intervalSamples > DtmfEvent.MAX_DURATION) {
            throw new IllegalArgumentException("interval must be 1 to 65535 timestamp units, was " + intervalSamples);
        }
        if (volume < 0 || volume > DtmfEvent.MAX_VOLUME) {
            throw new IllegalArgumentException("volume must be 0 to 63, was " + volume);
        }
    }

    /**
     * The packets for {@code digit} lasting {@code durationSamples}, numbered from {@code firstSequence}
     * (mod 2^16): updates at each interval while the key is down, then the final packet three times at
     * the same interval. The next audio packet uses sequence number {@code firstSequence + size()}.
     *
     * @param timestamp  RTP timestamp of the instant the key went down
     */
    public List<PlannedPacket> plan(char digit, int durationSamples, int firstSequence, long timestamp) {
        int event = DtmfEvent.eventCode(digit);
        if (durationSamples < 1 || durationSamples > DtmfEvent.MAX_DURATION) {
            throw new IllegalArgumentException("duration must be 1 to 65535 timestamp units, was " + durationSamples);
        }
        List<PlannedPacket> packets = new ArrayList<>();
        int sequence = firstSequence;
        for (int elapsed = intervalSamples; elapsed < durationSamples; elapsed += intervalSamples) {
            packets.add(packet(new DtmfEvent(event, false, volume, elapsed), elapsed, sequence++, timestamp, packets.isEmpty()));
        }
        DtmfEvent end = new DtmfEvent(event, true, volume, durationSamples);
        for (int i = 0; i < END_PACKET_COUNT; i++) {
            long sendAt = durationSamples + (long) i * intervalSamples;
            packets.add(packet(end, sendAt, sequence++, timestamp, packets.isEmpty()));
        }
        return List.copyOf(packets);
    }

    private PlannedPacket packet(DtmfEvent event, long sendAt, int sequence, long timestamp, boolean first) {
        RtpPacket packet = RtpPacket.of(payloadType, sequence & RtpPacket.MAX_SEQUENCE_NUMBER, timestamp, ssrc, first,
                TelephoneEventCodec.encode(event));
        return new PlannedPacket(sendAt, packet);
    }

    /**
     * One packet of a plan and when to send it.
     *
     * @param sendAt  timestamp units after the key went down
     * @param packet  the RTP packet
     */
    public record PlannedPacket(long sendAt, RtpPacket packet) {
    }
}
