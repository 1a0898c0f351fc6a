package io.peerswitch.server.sip.redirect;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-trunk lock-out of the redirect server (RFC 3261 section 26.3.2.4 on guessing digest passwords): after
 * {@code maxFailures} failed digests claiming one trunk name within {@code window}, from whatever sources, the
 * name is locked for {@code window} and even the right password is answered as a wrong one. Only failures whose
 * nonce proved the source (a {@link Nonces} round trip) are counted, so a spoofed source cannot lock a trunk out.
 * Names that are no trunk are counted alike (the answers tell nothing about which names exist), in a table of
 * their own bounded by {@value #MAX_UNKNOWN_NAMES}; configured trunks always have room. Owned by one thread.
 */
public final class TrunkGuessLimit {

    /** Proven failures of one trunk name within the window that lock it, unless configured otherwise. */
    public static final int DEFAULT_MAX_FAILURES = 10;
    /** The window that counts failures, and how long a lock-out lasts, unless configured otherwise. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
    /** Most names that are no trunk tracked at once; beyond (after forgetting idle ones) a new one is not tracked. */
    public static final int MAX_UNKNOWN_NAMES = 10_000;
    /** Most configured trunk names tracked at once (far more than any installation provisions). */
    public static final int MAX_TRUNK_NAMES = 100_000;

    /** Counters for operations: failures counted, lock-outs begun, attempts refused while locked, names not tracked (table full). */
    public record Stats(long failures, long lockouts, long refusedLocked, long untracked, int tracked) {
    }

    private static final class Name {
        int failures;
        Instant windowStart;
        Instant lockedUntil;
    }

    private final int maxFailures;
    private final Duration window;
    private final Map<String, Name> trunks = new HashMap<>();
    private final Map<String, Name> unknown = new HashMap<>();
    private long failures;
    private long lockouts;
    private long refusedLocked;
    private long untracked;

    /** The defaults: {@value #DEFAULT_MAX_FAILURES} failures within {@link #DEFAULT_WINDOW}. */
    public TrunkGuessLimit() {
        this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW);
    }

    /** A lock-out after {@code maxFailures} (at least 1) proven failures of one name within {@code window}. */
    public TrunkGuessLimit(int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a trunk lock-out needs at least 1 failure and a positive window");
        }
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Whether {@code name} is locked out at {@code now}; counts the attempt as refused if so. */
    public boolean locked(String name, boolean trunkExists, Instant now) {
        Name n = (trunkExists ? trunks : unknown).get(name);
        if (n == null || n.lockedUntil == null) {
            return false;
        }
        if (!now.isBefore(n.lockedUntil)) {
            n.lockedUntil = null;
            n.failures = 0;
            n.windowStart = null;
            return false;
        }
        refusedLocked++;
        return true;
    }

    /** Counts a proven failed digest claiming {@code name} at {@code now}; locks it at the limit. */
    public void failed(String name, boolean trunkExists, Instant now) {
        Map<String, Name> table = trunkExists ? trunks : unknown;
        Name n = table.get(name);
        if (n == null) {
            int limit = trunkExists ? MAX_TRUNK_NAMES : MAX_UNKNOWN_NAMES;
            if (table.size() >= limit) {
                forgetIdle(table, now);
            }
            if (table.size() >= limit) {
                untracked++;
                return;
            }
            n = new Name();
            table.put(name, n);
        }
        failures++;
        if (n.lockedUntil != null && !now.isBefore(n.lockedUntil)) {
            n.lockedUntil = null;
            n.windowStart = null;
        }
        if (n.windowStart == null || !now.isBefore(n.windowStart.plus(window))) {
            n.windowStart = now;
            n.failures = 0;
        }
        n.failures++;
        if (n.failures >= maxFailures && n.lockedUntil == null) {
            n.lockedUntil = now.plus(window);
            lockouts++;
        }
    }

    /** The counters now. */
    public Stats stats() {
        return new Stats(failures, lockouts, refusedLocked, untracked, trunks.size() + unknown.size());
    }

    /** Forgets names whose window and lock-out have passed. */
    private void forgetIdle(Map<String, Name> table, Instant now) {
        for (Iterator<Name> it = table.values().iterator(); it.hasNext(); ) {
            Name n = it.next();
            boolean counting = n.windowStart != null && now.isBefore(n.windowStart.plus(window));
            boolean lockedOut = n.lockedUntil != null && now.isBefore(n.lockedUntil);
            if (!counting && !lockedOut) {
                it.remove();
            }
        }
    }
}
