package io.peerswitch.reflector.reflect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which reflector packets (FIG. 25) were seen lately, by their 16-byte MAC, in fixed memory and without
 * any per-client state: {@value #GENERATIONS} rotating generations of a blocked Bloom filter. A MAC sets
 * {@value #HASHES} bits inside one 64-bit word of the current generation, so that checking and remembering
 * it is one atomic operation, exact even when two threads see the same packet at once; older generations
 * are only read. A fresh MAC is taken for a replay with a small probability that grows with the traffic;
 * a replay within {@link #memory()} is never missed.
 *
 * <p>The MAC is an HMAC-SHA256 output the sender cannot steer without the packet key, so its bits serve as
 * hash values directly.
 */
public final class ReplayFilter {

    /** How many generations exist: the current one and two full ones before it. */
    public static final int GENERATIONS = 3;

    /** Bits a MAC sets, all in one 64-bit word. */
    public static final int HASHES = 6;

    /** How long a generation is current, by default: {@link ReflectionHandler#MAX_CLOCK_SKEW}. */
    public static final Duration DEFAULT_GENERATION = ReflectionHandler.MAX_CLOCK_SKEW;

    /**
     * Bits per generation by default, as a power of two: 2^25 bits, 4 MiB, 12 MiB in all. At 100,000 packets
     * a second a fresh packet is taken for a replay about once in 10,000 (see ReplayFilterTest).
     */
    public static final int DEFAULT_LOG2_BITS = 25;

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long generationMillis;
    private final int wordMask;
    private final long[][] generations = new long[GENERATIONS][];
    /** The generation number each of {@link #generations} holds. */
    private final AtomicLongArray holds = new AtomicLongArray(GENERATIONS);
    /** The newest generation number started; never goes back, even when the clock does. */
    private volatile long newest = Long.MIN_VALUE;

    /** A filter with the default generation length and size. */
    public ReplayFilter() {
        this(DEFAULT_GENERATION, DEFAULT_LOG2_BITS);
    }

    /**
     * A filter whose generations last {@code generation} each and have 2^{@code log2Bits} bits.
     *
     * @param log2Bits 6 (one word) to 30
     */
    public ReplayFilter(Duration generation, int log2Bits) {
        if (generation.toMillis() < 1) {
            throw new IllegalArgumentException("a generation lasts at least a millisecond, not " + generation);
        }
        if (log2Bits < 6 || log2Bits > 30) {
            throw new IllegalArgumentException("log2Bits must be 6 to 30, was " + log2Bits);
        }
        this.generationMillis = generation.toMillis();
        int words = 1 << (log2Bits - 6);
        this.wordMask = words - 1;
        for (int i = 0; i < GENERATIONS; i++) {
            generations[i] = new long[words];
            holds.set(i, Long.MIN_VALUE);
        }
    }

    /** How long a MAC is remembered at least: every generation but the current one, in full. */
    public Duration memory() {
        return Duration.ofMillis(generationMillis * (GENERATIONS - 1));
    }

    /**
     * Whether the {@link io.peerswitch.wire.reflector.ReflectorPacket#MAC_BYTES}-byte MAC at
     * {@code mac[offset]} was seen before, remembering it now if not; {@code now} comes from the caller's
     * clock. Thread-safe.
     */
    public boolean seen(byte[] mac, int offset, Instant now) {
        long generation = advanceTo(Math.floorDiv(now.toEpochMilli(), generationMillis));
        int word = (int) (long) LONGS.get(mac, offset) & wordMask;
        long bits = bits((long) LONGS.get(mac, offset + Long.BYTES));
        for (int age = 1; age < GENERATIONS; age++) {
            int older = index(generation - age);
            if (holds.get(older) == generation - age && ((long) WORDS.getAcquire(generations[older], word) & bits) == bits) {
                return true;
            }
        }
        long before = (long) WORDS.getAndBitwiseOr(generations[index(generation)], word, bits);
        return (before & bits) == bits;
    }

    /** The {@value #HASHES} bits of a MAC inside its word, six bits of hash each. */
    private static long bits(long hash) {
        long bits = 0;
        for (int i = 0; i < HASHES; i++) {
            bits |= 1L << (hash & 63);
            hash >>>= 6;
        }
        return bits;
    }

    private static int index(long generation) {
        return (int) Math.floorMod(generation, (long) GENERATIONS);
    }

    /** The generation to remember in: {@code generation}, after clearing the ones it replaces, or a newer one already started. */
    private long advanceTo(long generation) {
        long current = newest;
        if (generation <= current) {
            return current;
        }
        synchronized (this) {
            current = newest;
            if (generation > current) {
                // Only the generations from the newest started on are still wanted; the rest are reused.
                for (long g = Math.max(current + 1, generation - GENERATIONS + 1); g <= generation; g++) {
                    int i = index(g);
                    holds.set(i, Long.MIN_VALUE);
                    Arrays.fill(generations[i], 0L);
                    holds.set(i, g);
                }
                newest = generation;
                current = generation;
            }
        }
        return current;
    }
}
