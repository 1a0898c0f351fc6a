package io.peerswitch.endpoint.media.rtcp;

/**
 * Reception state of one RTP source, as RFC 3550 appendix A keeps it: sequence number validation
 * with probation and wrap-around (A.1), expected and lost packet counts with the fraction lost per
 * report interval (A.3), and the interarrival jitter estimate (A.8).
 *
 * <p>A small mutable state object owned by the thread that receives the source's packets. It reads
 * no clock: the caller passes each packet's arrival time already converted to RTP timestamp units,
 * so the same inputs always give the same report.
 */
public final class ReceptionStatistics {

    /** Largest forward jump in sequence numbers still taken as in order (RFC 3550 appendix A.1). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward jump taken as a late or duplicate packet rather than a restart (appendix A.1). */
    public static final int MAX_MISORDER = 100;
    /** Sequential packets needed before a new source is believed (appendix A.1). */
    public static final int MIN_SEQUENTIAL = 2;

    private static final int SEQ_MOD = 1 << 16;

    private boolean heard;
    private int probation;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private boolean haveTransit;
    private int transit;
    private long jitterTimes16;

    /**
     * Records one arriving packet and says whether it counts: {@code false} while the source is
     * still on probation and for the first packet of an unexplained jump, as in appendix A.1.
     *
     * @param sequenceNumber  the packet's 16-bit sequence number
     * @param rtpTimestamp    the packet's 32-bit RTP timestamp
     * @param arrival         the arrival time in the same units as the RTP timestamp (only
     *                        differences matter, so any origin will do)
     */
    public boolean onPacket(int sequenceNumber, long rtpTimestamp, long arrival) {
        if (sequenceNumber < 0 || sequenceNumber >= SEQ_MOD) {
            throw new IllegalArgumentException("sequence number must be 0 to 65535, was " + sequenceNumber);
        }
        if (!heard) {
            heard = true;
            initSequence(sequenceNumber);
            maxSeq = (sequenceNumber - 1) & (SEQ_MOD - 1);
            probation = MIN_SEQUENTIAL;
        }
        boolean counted = updateSequence(sequenceNumber);
        if (counted) {
            updateJitter(rtpTimestamp, arrival);
        }
        return counted;
    }

    /** Whether the source has passed probation, so that the counters below mean something. */
    public boolean isValid() {
        return heard && probation == 0;
    }

    /** Packets received since the source became valid, including duplicates (appendix A.3). */
    public long received() {
        return isValid() ? received : 0;
    }

    /** The highest sequence number received, extended by the number of wrap-arounds times 65536, modulo 2^32. */
    public long extendedHighestSequence() {
        return isValid() ? (cycles + maxSeq) & Unsigned.MAX_32 : 0;
    }

    /** Packets expected since the source became valid (appendix A.3). */
    public long expected() {
        return isValid() ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    /** Cumulative packets lost, clamped to the 24-bit signed field of a report block; negative with duplicates. */
    public int cumulativeLost() {
        long lost = expected() - received();
        return (int) Math.max(ReportBlock.MIN_CUMULATIVE_LOST, Math.min(ReportBlock.MAX_CUMULATIVE_LOST, lost));
    }

    /** The interarrival jitter estimate in timestamp units (appendix A.8). */
    public long jitter() {
        return Math.min(jitterTimes16 >> 4, Unsigned.MAX_32);
    }

    /**
     * The report block for this source, closing the current report interval: the fraction lost is
     * computed over the packets since the previous call (appendix A.3), so call it once per report.
     *
     * @param ssrc                        the source's SSRC
     * @param lastSenderReport            LSR: {@link NtpTime#middle32} of the last SR received from it, or 0
     * @param delaySinceLastSenderReport  DLSR: time since that SR in 1/65536 s (see {@link NtpTime#toShortFormat}), or 0
     */
    public ReportBlock nextReportBlock(long ssrc, long lastSenderReport, long delaySinceLastSenderReport) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received() - receivedPrior;
        receivedPrior = received();
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        return new ReportBlock(ssrc, fraction, cumulativeLost(), extendedHighestSequence(), jitter(),
                lastSenderReport, delaySinceLastSenderReport);
    }

    private void initSequence(int sequenceNumber) {
        baseSeq = sequenceNumber;
        maxSeq = sequenceNumber;
        badSeq = SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    private boolean updateSequence(int seq) {
        int delta = (seq - maxSeq) & (SEQ_MOD - 1);
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & (SEQ_MOD - 1))) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSequence(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (delta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += SEQ_MOD;
            }
            maxSeq = seq;
        } else if (delta <= SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                initSequence(seq);
                haveTransit = false;
            } else {
                badSeq = (seq + 1) & (SEQ_MOD - 1);
                return false;
            }
        }
        received++;
        return true;
    }

    private void updateJitter(long rtpTimestamp, long arrival) {
        int newTransit = (int) arrival - (int) rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs((long) (newTransit - transit));
            jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
        }
        transit = newTransit;
        haveTransit = true;
    }
}
