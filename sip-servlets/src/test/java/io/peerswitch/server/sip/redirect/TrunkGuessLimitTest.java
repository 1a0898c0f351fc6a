package io.peerswitch.server.sip.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-trunk lock-out: its window, its lock, and its bounded table of names that are no trunk. */
class TrunkGuessLimitTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theLimitWithinTheWindowLocksTheNameForTheWindowAndOtherNamesAreNotAffected() {
        TrunkGuessLimit limit = new TrunkGuessLimit(3, Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            assertThat(limit.locked("pbx", true, T0.plusSeconds(i))).isFalse();
            limit.failed("pbx", true, T0.plusSeconds(i));
        }

        assertThat(limit.locked("pbx", true, T0.plusSeconds(3))).isTrue();
        assertThat(limit.locked("gw", true, T0.plusSeconds(3))).isFalse();
        assertThat(limit.locked("pbx", true, T0.plusSeconds(2).plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(limit.stats()).isEqualTo(new TrunkGuessLimit.Stats(3, 1, 1, 0, 1));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotLock() {
        TrunkGuessLimit limit = new TrunkGuessLimit(3, Duration.ofMinutes(10));
        for (int i = 0; i < 9; i++) {
            limit.failed("pbx", true, T0.plus(Duration.ofMinutes(6L * i)));
        }

        assertThat(limit.locked("pbx", true, T0.plus(Duration.ofMinutes(49)))).isFalse();
        assertThat(limit.stats().lockouts()).isZero();
    }

    @Test
    void namesThatAreNoTrunkAreBoundedButATrunkAlwaysHasRoom() {
        TrunkGuessLimit limit = new TrunkGuessLimit(2, Duration.ofMinutes(10));
        for (int i = 0; i < TrunkGuessLimit.MAX_UNKNOWN_NAMES; i++) {
            limit.failed("guess-" + i, false, T0);
        }
        limit.failed("one-too-many", false, T0);
        limit.failed("pbx", true, T0);
        limit.failed("pbx", true, T0);

        assertThat(limit.stats().untracked()).isEqualTo(1);
        assertThat(limit.stats().tracked()).isEqualTo(TrunkGuessLimit.MAX_UNKNOWN_NAMES + 1);
        assertThat(limit.locked("pbx", true, T0.plusSeconds(1))).as("the trunk was counted").isTrue();

        limit.failed("after-the-window", false, T0.plus(Duration.ofMinutes(11)));
        assertThat(limit.stats().untracked()).as("idle names forgotten to make room").isEqualTo(1);
        assertThat(limit.stats().tracked()).isEqualTo(2);
    }
}
