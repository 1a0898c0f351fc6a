package io.peerswitch.reflector.reflect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay filter with an injected time: exact on replays, rarely wrong on fresh MACs. */
class ReplayFilterTest {

    /** The start of a generation, so that offsets in the tests read as offsets into it. */
    private static final Instant T0 = Instant.ofEpochMilli(Math.floorDiv(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli(), 5_000) * 5_000);

    private static byte[] mac(SplittableRandom random) {
        byte[] mac = new byte[16];
        random.nextBytes(mac);
        return mac;
    }

    @Test
    void aMacIsFreshOnceAndAReplayAfterwards() {
        ReplayFilter filter = new ReplayFilter();
        SplittableRandom random = new SplittableRandom(1);
        byte[] first = mac(random);
        byte[] second = mac(random);

        assertThat(filter.seen(first, 0, T0)).isFalse();
        assertThat(filter.seen(first, 0, T0)).isTrue();
        assertThat(filter.seen(second, 0, T0.plusMillis(1))).isFalse();
        assertThat(filter.seen(first, 0, T0.plusMillis(2))).isTrue();
        assertThat(filter.seen(second, 0, T0.plusMillis(3))).isTrue();
    }

    @Test
    void readsTheMacAtItsOffset() {
        ReplayFilter filter = new ReplayFilter();
        byte[] mac = mac(new SplittableRandom(2));
        byte[] datagram = new byte[100];
        System.arraycopy(mac, 0, datagram, 61, 16);

        assertThat(filter.seen(datagram, 61, T0)).isFalse();
        assertThat(filter.seen(mac, 0, T0)).isTrue();
    }

    /** A packet is fresh for twice the allowed clock skew, so a copy can come that much later: it must still be caught. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2_500, 4_999})
    void remembersForTwiceTheClockSkewWhereverInAGenerationTheFirstCame(long offsetMillis) {
        ReplayFilter filter = new ReplayFilter();
        byte[] mac = mac(new SplittableRandom(offsetMillis));
        Instant first = T0.plusMillis(offsetMillis);

        assertThat(filter.memory()).isEqualTo(ReflectionHandler.MAX_CLOCK_SKEW.multipliedBy(2));
        assertThat(filter.seen(mac, 0, first)).isFalse();
        assertThat(filter.seen(mac, 0, first.plus(filter.memory()))).isTrue();
    }

    @Test
    void forgetsAfterThreeGenerations() {
        ReplayFilter filter = new ReplayFilter();
        byte[] mac = mac(new SplittableRandom(3));

        filter.seen(mac, 0, T0);

        assertThat(filter.seen(mac, 0, T0.plusSeconds(14))).as("still in the oldest generation").isTrue();
        assertThat(filter.seen(mac.clone(), 0, T0.plusSeconds(15))).as("that generation is reused").isFalse();
    }

    @Test
    void aLongIdlePeriodForgetsEverythingAndAClockGoingBackForgetsNothing() {
        ReplayFilter filter = new ReplayFilter();
        SplittableRandom random = new SplittableRandom(4);
        byte[] old = mac(random);
        byte[] recent = mac(random);

        filter.seen(old, 0, T0);
        assertThat(filter.seen(old, 0, T0.plus(Duration.ofHours(1)))).isFalse();
        filter.seen(recent, 0, T0.plus(Duration.ofHours(1)));

        assertThat(filter.seen(recent, 0, T0)).as("an hour back, the filter keeps its newest generation").isTrue();
        assertThat(filter.seen(recent, 0, T0.plus(Duration.ofHours(1)).plusSeconds(9))).isTrue();
    }

    /**
     * At 100,000 packets a second (500,000 per generation, the three generations full), fresh MACs are taken
     * for replays about once in 10,000; the bound leaves room for chance.
     */
    @Test
    void falsePositivesAreRareAtTheDesignLoad() {
        ReplayFilter filter = new ReplayFilter();
        SplittableRandom random = new SplittableRandom(5);
        int perGeneration = 500_000;
        for (int generation = 0; generation < ReplayFilter.GENERATIONS; generation++) {
            Instant at = T0.plusSeconds(5L * generation);
            for (int i = 0; i < perGeneration; i++) {
                filter.seen(mac(random), 0, at);
            }
        }
        // Probes are remembered too, as fresh packets are; 100,000 of them fill the last generation only a little more.
        int probes = 100_000;
        int falsePositives = 0;
        for (int i = 0; i < probes; i++) {
            if (filter.seen(mac(random), 0, T0.plusSeconds(14))) {
                falsePositives++;
            }
        }
        double rate = falsePositives / (double) probes;
        assertThat(rate).as("false-positive rate").isLessThan(3e-4);
        assertThat(falsePositives).as("the filter is a filter, not a set: it does err").isPositive();
    }

    @Test
    void aSmallFilterErrsOftenButNeverMissesAReplay() {
        ReplayFilter filter = new ReplayFilter(Duration.ofSeconds(5), 10);
        SplittableRandom random = new SplittableRandom(6);
        List<byte[]> macs = new ArrayList<>();
        int falsePositives = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] mac = mac(random);
            macs.add(mac);
            if (filter.seen(mac, 0, T0)) {
                falsePositives++;
            }
        }
        for (byte[] mac : macs) {
            assertThat(filter.seen(mac, 0, T0.plusSeconds(9))).isTrue();
        }
        assertThat(falsePositives).as("1,024 bits for 2,000 MACs").isGreaterThan(100);
    }

    @Test
    @Timeout(30)
    void threadsRacingWithTheSameMacsSeeEachFreshExactlyOnce() throws Exception {
        ReplayFilter filter = new ReplayFilter();
        SplittableRandom random = new SplittableRandom(7);
        byte[][] macs = new byte[20_000][];
        for (int i = 0; i < macs.length; i++) {
            macs[i] = mac(random);
        }
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> fresh = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fresh.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (byte[] mac : macs) {
                        if (!filter.seen(mac, 0, T0)) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            int total = 0;
            for (Future<Integer> f : fresh) {
                total += f.get();
            }
            // A false positive would lower the count; at 20,000 MACs in 2^25 bits one is very unlikely (seeded).
            assertThat(total).isEqualTo(macs.length);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new ReplayFilter(Duration.ZERO, 20)).hasMessageContaining("millisecond");
        assertThatThrownBy(() -> new ReplayFilter(Duration.ofSeconds(5), 5)).hasMessageContaining("6 to 30");
        assertThatThrownBy(() -> new ReplayFilter(Duration.ofSeconds(5), 31)).hasMessageContaining("6 to 30");
    }
}
