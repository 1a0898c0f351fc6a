package io.peerswitch.reflector.reflect;

import static io.peerswitch.reflector.reflect.Packets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-source token bucket with an injected time. */
class RateLimiterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetAddress ALICE = ip("198.19.0.101");
    private static final InetAddress BOB = ip("198.19.0.102");

    private static int accepted(RateLimiter limiter, InetAddress source, Instant at, int tries) {
        int accepted = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.tryAcquire(source, at)) {
                accepted++;
            }
        }
        return accepted;
    }

    @Test
    void letsABurstThroughThenTheRate() {
        RateLimiter limiter = new RateLimiter(1_000, 2_000, 1_024, 42);

        assertThat(accepted(limiter, ALICE, NOW, 2_500)).isEqualTo(2_000);
        assertThat(accepted(limiter, ALICE, NOW.plusNanos(999_999), 10)).as("not yet a millisecond").isZero();
        assertThat(accepted(limiter, ALICE, NOW.plusMillis(1), 10)).isEqualTo(1);
        assertThat(accepted(limiter, ALICE, NOW.plusMillis(1).plusSeconds(1), 5_000)).as("a second's worth").isEqualTo(1_000);
        assertThat(accepted(limiter, ALICE, NOW.plus(Duration.ofMinutes(1)), 5_000)).as("never more than the burst").isEqualTo(2_000);
    }

    @Test
    void theDefaultsAreAThousandASecondWithTwiceThatAtOnce() {
        RateLimiter limiter = new RateLimiter();

        assertThat(limiter.packetsPerSecond()).isEqualTo(1_000);
        assertThat(limiter.burst()).isEqualTo(2_000);
        assertThat(accepted(limiter, ALICE, NOW, 3_000)).isEqualTo(2_000);
    }

    @Test
    void sourcesInOtherBucketsDoNotShareARate() {
        RateLimiter limiter = new RateLimiter(1, 3, 1_024, 42);
        assertThat(limiter.bucket(ALICE)).isNotEqualTo(limiter.bucket(BOB));

        assertThat(accepted(limiter, ALICE, NOW, 10)).isEqualTo(3);
        assertThat(accepted(limiter, BOB, NOW, 10)).isEqualTo(3);
        assertThat(accepted(limiter, ip("2001:db8::7"), NOW, 10)).isEqualTo(3);
    }

    @Test
    void sourcesInOneBucketShareItsRate() {
        RateLimiter limiter = new RateLimiter(1, 3, 1, 42);

        assertThat(accepted(limiter, ALICE, NOW, 2)).isEqualTo(2);
        assertThat(accepted(limiter, BOB, NOW, 10)).isEqualTo(1);
    }

    @Test
    void aClockGoingBackGrantsNothing() {
        RateLimiter limiter = new RateLimiter(10, 10, 16, 42);

        assertThat(accepted(limiter, ALICE, NOW, 20)).isEqualTo(10);
        assertThat(accepted(limiter, ALICE, NOW.minusSeconds(60), 20)).isZero();
        assertThat(accepted(limiter, ALICE, NOW.plusMillis(100), 20)).isEqualTo(1);
    }

    @Test
    void theHashKeyDecidesTheBuckets() {
        int differences = 0;
        for (int i = 1; i < 100; i++) {
            InetAddress source = ip("198.19.0." + i);
            if (new RateLimiter(1, 1, 65_536, 1).bucket(source) != new RateLimiter(1, 1, 65_536, 2).bucket(source)) {
                differences++;
            }
        }
        assertThat(differences).isGreaterThan(90);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new RateLimiter(1_000_000_001L, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new RateLimiter(1, 0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new RateLimiter(1, 1, 1_000, 1)).hasMessageContaining("power of two");
    }
}
