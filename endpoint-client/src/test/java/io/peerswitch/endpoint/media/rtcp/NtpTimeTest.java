package io.peerswitch.endpoint.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NtpTimeTest {

    @Test
    void convertsTheUnixEpochAndASenderReportTime() {
        assertThat(NtpTime.fromInstant(Instant.EPOCH)).isEqualTo(2_208_988_800L << 32);
        assertThat(NtpTime.fromInstant(Instant.parse("2023-09-06T08:07:28.5Z"))).isEqualTo(0xE8A2B1C0_80000000L);
        assertThat(NtpTime.toInstant(0xE8A2B1C0_80000000L)).isEqualTo(Instant.parse("2023-09-06T08:07:28.5Z"));
    }

    @Test
    void wrapsIntoEraOneIn2036() {
        Instant eraOne = Instant.parse("2036-02-07T06:28:16Z");

        assertThat(NtpTime.fromInstant(eraOne)).isZero();
        assertThat(NtpTime.toInstant(0)).isEqualTo(eraOne);
        assertThat(NtpTime.toInstant(NtpTime.fromInstant(eraOne.minusSeconds(1)))).isEqualTo(eraOne.minusSeconds(1));
    }

    @Test
    void roundTripsInstantsToTheNanosecond() {
        Random random = new Random(4);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 3_000_000_000L), random.nextInt(1_000_000_000));

            assertThat(NtpTime.toInstant(NtpTime.fromInstant(instant))).isEqualTo(instant);
        }
    }

    @Test
    void takesTheMiddleThirtyTwoBitsForLsr() {
        assertThat(NtpTime.middle32(0xE8A2B1C0_80000000L)).isEqualTo(0xB1C08000L);
        assertThat(NtpTime.middle32(0xFFFF_FFFF_FFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void convertsDurationsToAndFromSixtyFourKthsOfASecond() {
        assertThat(NtpTime.toShortFormat(Duration.ofMillis(1500))).isEqualTo(0x18000);
        assertThat(NtpTime.toShortFormat(Duration.ofNanos(15_258))).as("rounded down").isZero();
        assertThat(NtpTime.toShortFormat(Duration.ofNanos(15_259))).isEqualTo(1);
        assertThat(NtpTime.toShortFormat(Duration.ofHours(18))).isEqualTo(18 * 3600L * 65_536);
        assertThat(NtpTime.toShortFormat(Duration.ofHours(19))).as("capped at 2^32 - 1").isEqualTo(0xFFFF_FFFFL);
        assertThat(NtpTime.fromShortFormat(0x18000)).isEqualTo(Duration.ofMillis(1500));
        assertThat(NtpTime.fromShortFormat(1)).isEqualTo(Duration.ofNanos(15_259));
        assertThatThrownBy(() -> NtpTime.toShortFormat(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NtpTime.fromShortFormat(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void computesTheRoundTripDelayOfRfc3550Figure2() {
        long arrival = 0xB710_8000L;
        long lastSenderReport = 0xB705_2000L;
        long delaySinceLastSenderReport = 0x0005_4000L;

        long delay = NtpTime.roundTripDelay(arrival, lastSenderReport, delaySinceLastSenderReport);

        assertThat(delay).isEqualTo(0x0006_2000L);
        assertThat(NtpTime.fromShortFormat(delay)).isEqualTo(Duration.ofMillis(6125));
    }
}
