package io.peerswitch.reflector.stun;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link StunServer} did with the datagrams it read: answered, refused with an error response,
 * or silently discarded as RFC 8489 section 6.3 asks, by reason; safe to read from any thread.
 */
public final class StunServerCounters {

    final LongAdder received = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder changed = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder failed = new LongAdder();

    StunServerCounters() {
    }

    /** Datagrams read from the socket. */
    public long received() {
        return received.sum();
    }

    /** Binding requests answered with a success response. */
    public long answered() {
        return answered.sum();
    }

    /** Binding requests answered with an error response (420 Unknown Attribute). */
    public long rejected() {
        return rejected.sum();
    }

    /** Responses sent from another address or port than the request came to (CHANGE-REQUEST, RFC 5780 section 6.1). */
    public long changed() {
        return changed.sum();
    }

    /** Datagrams dropped because they are not a well-formed STUN message. */
    public long malformed() {
        return malformed.sum();
    }

    /**
     * Datagrams dropped unread because they are longer than
     * {@link io.peerswitch.wire.stun.StunCodec#MAX_MESSAGE_SIZE}.
     */
    public long oversized() {
        return oversized.sum();
    }

    /** Well-formed messages dropped because they ask for nothing: indications, responses, other methods. */
    public long ignored() {
        return ignored.sum();
    }

    /** Datagrams the server could not read, answer or send a response to because of an I/O or internal error. */
    public long failed() {
        return failed.sum();
    }

    /**
     * One line for the log, e.g. {@code received=5 answered=3 rejected=0 changed=0 malformed=1 oversized=0
     * ignored=1 failed=0}.
     */
    @Override
    public String toString() {
        return "received=" + received() + " answered=" + answered() + " rejected=" + rejected() + " changed=" + changed() + " malformed=" + malformed()
                + " oversized=" + oversized() + " ignored=" + ignored() + " failed=" + failed();
    }
}
