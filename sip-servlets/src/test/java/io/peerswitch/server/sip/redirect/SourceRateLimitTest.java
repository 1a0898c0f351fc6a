package io.peerswitch.server.sip.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Per-source token buckets and the lock-out after failed authentications. */
class SourceRateLimitTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static int admitted(SourceRateLimit limit, InetAddress source, Instant at, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            n += limit.admit(source, at) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aSourceGetsItsBurstThenItsRateAndOtherSourcesAreNotAffected() throws Exception {
        SourceRateLimit limit = new SourceRateLimit(10, 20);
        InetAddress flood = ip("198.18.0.1");

        assertThat(admitted(limit, flood, T0, 100)).isEqualTo(20);
        assertThat(admitted(limit, flood, T0.plusMillis(500), 100)).isEqualTo(5);
        assertThat(admitted(limit, ip("198.18.0.2"), T0.plusMillis(500), 100)).isEqualTo(20);
        assertThat(limit.dropped()).isEqualTo(80 + 95 + 80);
    }

    @Test
    void zeroPerSecondMeansNoLimit() throws Exception {
        SourceRateLimit limit = new SourceRateLimit(0, 0);

        assertThat(admitted(limit, ip("198.18.0.1"), T0, 100_000)).isEqualTo(100_000);
        assertThat(limit.size()).isZero();
    }

    @Test
    void repeatedFailedAuthenticationsLockTheSourceOutForAMinute() throws Exception {
        SourceRateLimit limit = new SourceRateLimit(0, 0);
        InetAddress guesser = ip("198.18.0.3");
        for (int i = 0; i < SourceRateLimit.MAX_AUTH_FAILURES; i++) {
            assertThat(limit.admit(guesser, T0)).isTrue();
            limit.failed(guesser, T0);
        }

        assertThat(limit.admit(guesser, T0.plusSeconds(59))).isFalse();
        assertThat(limit.admit(ip("198.18.0.4"), T0.plusSeconds(59))).isTrue();
        assertThat(limit.admit(guesser, T0.plusSeconds(SourceRateLimit.LOCKOUT_SECONDS))).isTrue();
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLockOut() throws Exception {
        SourceRateLimit limit = new SourceRateLimit(0, 0);
        InetAddress pbx = ip("198.18.0.5");
        for (int i = 0; i < 3 * SourceRateLimit.MAX_AUTH_FAILURES; i++) {
            limit.failed(pbx, T0.plusSeconds(i * 10L));
        }

        assertThat(limit.admit(pbx, T0.plusSeconds(600))).isTrue();
    }
}
