package io.peerswitch.endpoint.call.sdp;

/**
 * The first {@code t=} line (RFC 8866 section 5.9): start and stop as NTP seconds, both 0 for an
 * unbounded session, as calls always are.
 */
public record Timing(long start, long stop) {

    /** An unbounded session: {@code t=0 0}. */
    public static final Timing UNBOUNDED = new Timing(0, 0);

    /** Checks that both are non-negative. */
    public Timing {
        if (start < 0 || stop < 0) {
            throw new IllegalArgumentException("start and stop times must not be negative");
        }
    }
}
