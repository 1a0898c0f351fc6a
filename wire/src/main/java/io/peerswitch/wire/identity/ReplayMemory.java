package io.peerswitch.wire.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signatures of verified messages seen lately, against replay (RFC 8224 section 12.1, docs/security.md):
 * a signature seen again within {@link #RETRANSMISSION_WINDOW} is a retransmission, later a replay; each is
 * forgotten once its Date can no longer pass the {@link SipSignatures#FRESHNESS} check. Bounded; thread-safe.
 */
public final class ReplayMemory {

    /** How long a message may come again as a retransmission: 64*T1, the life of a UDP transaction (RFC 3261 section 17). */
    public static final Duration RETRANSMISSION_WINDOW = Duration.ofSeconds(32);

    private record Seen(Instant first, Instant forgetAt) {
    }

    private final int capacity;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong full = new AtomicLong();

    /** A memory of at most {@code capacity} signatures. */
    public ReplayMemory(int capacity) {
        this.capacity = capacity;
    }

    /** Null when {@code signature} (of a message dated {@code issuedAt}) is new or a retransmission; otherwise why it is refused. */
    public String check(String signature, Instant issuedAt, Instant now) {
        synchronized (seen) {
            Iterator<Seen> oldest = seen.values().iterator();
            while (oldest.hasNext()) {
                if (oldest.next().forgetAt().isAfter(now)) {
                    break;
                }
                oldest.remove();
            }
            Seen before = seen.get(signature);
            if (before != null) {
                if (Duration.between(before.first(), now).compareTo(RETRANSMISSION_WINDOW) <= 0) {
                    return null;
                }
                replayed.incrementAndGet();
                return "replayed: first seen at " + before.first();
            }
            if (seen.size() >= capacity) {
                full.incrementAndGet();
                return "replay memory full (" + capacity + " messages)";
            }
            Instant fresh = issuedAt.plus(SipSignatures.FRESHNESS).plusSeconds(1);
            Instant window = now.plus(RETRANSMISSION_WINDOW).plusSeconds(1);
            seen.put(signature, new Seen(now, fresh.isAfter(window) ? fresh : window));
            return null;
        }
    }

    /** Replays refused so far. */
    public long replayed() {
        return replayed.get();
    }

    /** Messages refused because the memory was full. */
    public long full() {
        return full.get();
    }

    /** Signatures remembered now. */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
