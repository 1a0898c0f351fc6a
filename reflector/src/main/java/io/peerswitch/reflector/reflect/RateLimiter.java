package io.peerswitch.reflector.reflect;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many packets per second the reflector of FIG. 24 reflects for one source IP address: a token bucket
 * per address, kept as the generic cell rate algorithm (ITU-T I.371 annex A; one "theoretical arrival time"
 * per bucket), in a fixed table of buckets chosen by a keyed hash of the address, so memory stays bounded
 * whatever the number of sources. Addresses that hash to one bucket share its rate.
 */
public final class RateLimiter {

    /** Packets per second per source IP address, by default. */
    public static final long DEFAULT_PACKETS_PER_SECOND = 1_000;

    /** Packets a source may send at once, by default: two seconds' worth. */
    public static final long DEFAULT_BURST = 2 * DEFAULT_PACKETS_PER_SECOND;

    /** Buckets in the table by default (512 KiB). */
    public static final int DEFAULT_BUCKETS = 65_536;

    /** The highest rate there is: one packet a nanosecond. */
    public static final long MAX_PACKETS_PER_SECOND = 1_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long packetsPerSecond;
    private final long burst;
    private final long intervalNanos;
    private final long toleranceNanos;
    private final AtomicLongArray arrivals;
    private final int mask;
    private final long seed;

    /** The default rate, burst and table size, with a random hash key. */
    public RateLimiter() {
        this(DEFAULT_PACKETS_PER_SECOND, DEFAULT_BURST);
    }

    /** {@code packetsPerSecond} per source with {@code burst} at once, in the default table with a random hash key. */
    public RateLimiter(long packetsPerSecond, long burst) {
        this(packetsPerSecond, burst, DEFAULT_BUCKETS, new SecureRandom().nextLong());
    }

    /**
     * {@code packetsPerSecond} per source with {@code burst} at once, in {@code buckets} buckets (a power of
     * two) chosen by a hash keyed with {@code seed}.
     */
    public RateLimiter(long packetsPerSecond, long burst, int buckets, long seed) {
        if (packetsPerSecond < 1 || packetsPerSecond > MAX_PACKETS_PER_SECOND) {
            throw new IllegalArgumentException("the rate must be 1 to " + MAX_PACKETS_PER_SECOND + " packets per second, was " + packetsPerSecond);
        }
        long interval = NANOS_PER_SECOND / packetsPerSecond;
        if (burst < 1 || burst > Long.MAX_VALUE / interval) {
            throw new IllegalArgumentException("the burst must be at least 1 packet, was " + burst);
        }
        if (buckets < 1 || Integer.bitCount(buckets) != 1) {
            throw new IllegalArgumentException("the number of buckets must be a power of two, was " + buckets);
        }
        this.packetsPerSecond = packetsPerSecond;
        this.burst = burst;
        this.intervalNanos = interval;
        this.toleranceNanos = (burst - 1) * interval;
        this.arrivals = new AtomicLongArray(buckets);
        this.mask = buckets - 1;
        this.seed = seed;
        for (int i = 0; i < buckets; i++) {
            arrivals.set(i, Long.MIN_VALUE);
        }
    }

    /** The sustained rate per source. */
    public long packetsPerSecond() {
        return packetsPerSecond;
    }

    /** How many packets a source that kept quiet may send at once. */
    public long burst() {
        return burst;
    }

    /**
     * Whether a packet from {@code source} at {@code now} is within its rate, counting it if so; a clock
     * that goes back grants nothing. Thread-safe.
     */
    public boolean tryAcquire(InetAddress source, Instant now) {
        long t = now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
        int bucket = bucket(source);
        while (true) {
            long arrival = arrivals.get(bucket);
            long start = Math.max(arrival, t);
            if (start - t > toleranceNanos) {
                return false;
            }
            if (arrivals.compareAndSet(bucket, arrival, start + intervalNanos)) {
                return true;
            }
        }
    }

    /** The bucket of {@code address}: a hash of all its bytes keyed with the seed, so sources cannot pick a victim's bucket. */
    int bucket(InetAddress address) {
        long h;
        if (address instanceof Inet4Address) {
            h = mix(seed ^ (address.hashCode() & 0xFFFF_FFFFL));
        } else {
            ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
            h = seed;
            while (bytes.remaining() >= Long.BYTES) {
                h = mix(h ^ bytes.getLong());
            }
        }
        return (int) h & mask;
    }

    /** The 64-bit finaliser of MurmurHash3. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
