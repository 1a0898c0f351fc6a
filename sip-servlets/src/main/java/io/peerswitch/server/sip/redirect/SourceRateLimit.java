package io.peerswitch.server.sip.redirect;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-source-address limits of the redirect server: a token bucket of {@code perSecond} requests with a burst
 * of {@code burst}, and a lock-out of {@value #LOCKOUT_SECONDS} s after {@value #MAX_AUTH_FAILURES} failed
 * authentications within it (guessing trunk passwords). Requests over a limit are dropped, never answered,
 * so a spoofed source cannot turn the server into a reflector. Owned by one thread.
 */
public final class SourceRateLimit {

    /** Failed authentications from one address that lock it out. */
    public static final int MAX_AUTH_FAILURES = 20;
    /** How long a lock-out (and the window counting failures) lasts, in seconds. */
    public static final int LOCKOUT_SECONDS = 60;
    /** Most addresses tracked; idle ones are forgotten first. */
    public static final int MAX_SOURCES = 100_000;

    private static final Duration LOCKOUT = Duration.ofSeconds(LOCKOUT_SECONDS);

    private static final class Source {
        double tokens;
        Instant refilled;
        int failures;
        Instant windowStart;
    }

    private final int perSecond;
    private final int burst;
    private final Map<InetAddress, Source> sources = new HashMap<>();
    private long dropped;

    /** Limits of {@code perSecond} (0: none) with a burst of {@code burst}. */
    public SourceRateLimit(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Whether a request from {@code address} at {@code now} may be processed; counts it if so. */
    public boolean admit(InetAddress address, Instant now) {
        Source s = sources.get(address);
        if (s != null && s.failures >= MAX_AUTH_FAILURES) {
            if (now.isBefore(s.windowStart.plus(LOCKOUT))) {
                dropped++;
                return false;
            }
            s.failures = 0;
            s.windowStart = now;
        }
        if (perSecond == 0) {
            return true;
        }
        if (s == null) {
            s = track(address, now);
        }
        double elapsed = Duration.between(s.refilled, now).toNanos() / 1e9;
        s.tokens = Math.min(burst, s.tokens + Math.max(0, elapsed) * perSecond);
        s.refilled = now;
        if (s.tokens < 1) {
            dropped++;
            return false;
        }
        s.tokens -= 1;
        return true;
    }

    /** Counts a failed authentication from {@code address}. */
    public void failed(InetAddress address, Instant now) {
        Source s = sources.get(address);
        if (s == null) {
            s = track(address, now);
        }
        if (s.windowStart == null || !now.isBefore(s.windowStart.plus(LOCKOUT))) {
            s.windowStart = now;
            s.failures = 0;
        }
        s.failures++;
    }

    /** Requests dropped so far. */
    public long dropped() {
        return dropped;
    }

    /** Addresses tracked. */
    public int size() {
        return sources.size();
    }

    private Source track(InetAddress address, Instant now) {
        if (sources.size() >= MAX_SOURCES) {
            forgetIdle(now);
        }
        Source s = new Source();
        s.tokens = burst;
        s.refilled = now;
        sources.put(address, s);
        return s;
    }

    /** Forgets addresses whose bucket has refilled and that are not locked out; if none, the whole table (bounded memory first). */
    private void forgetIdle(Instant now) {
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
            Source s = it.next();
            boolean full = perSecond == 0 || s.tokens + Duration.between(s.refilled, now).toNanos() / 1e9 * perSecond >= burst;
            boolean lockedOut = s.failures >= MAX_AUTH_FAILURES && now.isBefore(s.windowStart.plus(LOCKOUT));
            if (full && !lockedOut) {
                it.remove();
            }
        }
        if (sources.size() >= MAX_SOURCES) {
            sources.clear();
        }
    }
}
