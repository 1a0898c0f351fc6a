package io.peerswitch.reflector.reflect;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the reflector of FIG. 24-25 did with the reflector packets it read: forwarded, dropped by
 * {@link DropReason}, or failed; safe to read from any thread. Every packet received ends up in exactly
 * one of the other counters, once its handling is over.
 */
public final class ReflectionCounters {

    final LongAdder received = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];

    ReflectionCounters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
    }

    void drop(DropReason reason) {
        dropped[reason.ordinal()].increment();
    }

    /** Datagrams read that start with the reflector packet's marker. */
    public long received() {
        return received.sum();
    }

    /** Packets whose payload was sent on to its destination. */
    public long forwarded() {
        return forwarded.sum();
    }

    /** Packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** Packets dropped for any reason. */
    public long dropped() {
        long sum = 0;
        for (LongAdder adder : dropped) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Packets that passed every check but could not be sent (an I/O error), or that hit an internal error. */
    public long failed() {
        return failed.sum();
    }

    /**
     * One line for the log, e.g. {@code received=9 forwarded=7 oversized=0 malformed=1 unauthenticated=1
     * expired=0 wrong-source=0 stale=0 replayed=0 bad-destination=0 forbidden-destination=0 bad-present-as=0 rate-limited=0 failed=0}.
     */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder().append("received=").append(received()).append(" forwarded=").append(forwarded());
        for (DropReason reason : DropReason.values()) {
            line.append(' ').append(reason.label()).append('=').append(dropped(reason));
        }
        return line.append(" failed=").append(failed()).toString();
    }
}
