package io.peerswitch.endpoint.media.rtcp;

/**
 * One reception report block of a sender or receiver report (RFC 3550 section 6.4.1).
 *
 * @param ssrc                        the source this block reports on
 * @param fractionLost                lost since the last report, as a fixed-point fraction of 256
 * @param cumulativeLost              lost since the start, a signed 24-bit value (duplicates can make it negative)
 * @param extendedHighestSequence     the highest sequence number received, with the cycle count above it
 * @param jitter                      interarrival jitter in timestamp units
 * @param lastSenderReport            LSR: middle 32 bits of the NTP time of the last SR from that source, or 0
 * @param delaySinceLastSenderReport  DLSR: delay since that SR in units of 1/65536 s, or 0
 */
public record ReportBlock(
        long ssrc,
        int fractionLost,
        int cumulativeLost,
        long extendedHighestSequence,
        long jitter,
        long lastSenderReport,
        long delaySinceLastSenderReport) {

    /** Largest cumulative loss a 24-bit signed field holds. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    /** Smallest (most negative) cumulative loss a 24-bit signed field holds. */
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;
    /** Encoded length of a block. */
    public static final int LENGTH = 24;

    /** Checks every field's range. */
    public ReportBlock {
        Unsigned.check32(ssrc, "SSRC");
        if (fractionLost < 0 || fractionLost > 0xFF) {
            throw new IllegalArgumentException("fraction lost must be 0 to 255, was " + fractionLost);
        }
        if (cumulativeLost < MIN_CUMULATIVE_LOST || cumulativeLost > MAX_CUMULATIVE_LOST) {
            throw new IllegalArgumentException("cumulative lost must fit 24 signed bits, was " + cumulativeLost);
        }
        Unsigned.check32(extendedHighestSequence, "extended highest sequence number");
        Unsigned.check32(jitter, "jitter");
        Unsigned.check32(lastSenderReport, "LSR");
        Unsigned.check32(delaySinceLastSenderReport, "DLSR");
    }
}
