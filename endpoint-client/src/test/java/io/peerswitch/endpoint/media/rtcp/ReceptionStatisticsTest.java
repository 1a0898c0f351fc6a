package io.peerswitch.endpoint.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class ReceptionStatisticsTest {

    private static final int FRAME = 160;

    /** Feeds packets first..last (inclusive, mod 2^16) arriving exactly on time; returns how many counted. */
    private static int feed(ReceptionStatistics statistics, int first, int count) {
        int counted = 0;
        for (int i = 0; i < count; i++) {
            int sequence = (first + i) & 0xFFFF;
            long timestamp = (long) (first + i) * FRAME;
            if (statistics.onPacket(sequence, timestamp & 0xFFFF_FFFFL, timestamp + 1000)) {
                counted++;
            }
        }
        return counted;
    }

    @Test
    void believesANewSourceOnlyAfterTwoSequentialPackets() {
        ReceptionStatistics statistics = new ReceptionStatistics();

        assertThat(statistics.onPacket(1000, 0, 0)).isFalse();
        assertThat(statistics.isValid()).isFalse();
        assertThat(statistics.expected()).isZero();
        assertThat(statistics.onPacket(1001, 160, 160)).isTrue();

        assertThat(statistics.isValid()).isTrue();
        assertThat(statistics.received()).isEqualTo(1);
        assertThat(statistics.expected()).isEqualTo(1);
        assertThat(statistics.extendedHighestSequence()).isEqualTo(1001);
    }

    @Test
    void restartsProbationWhenTheSecondPacketIsNotTheNextOne() {
        ReceptionStatistics statistics = new ReceptionStatistics();

        assertThat(statistics.onPacket(1, 0, 0)).isFalse();
        assertThat(statistics.onPacket(5, 0, 0)).isFalse();
        assertThat(statistics.onPacket(6, 0, 0)).isTrue();
        assertThat(statistics.extendedHighestSequence()).isEqualTo(6);
    }

    @Test
    void countsAnInOrderStreamWithoutLoss() {
        ReceptionStatistics statistics = new ReceptionStatistics();

        assertThat(feed(statistics, 10, 100)).isEqualTo(99);

        ReportBlock block = statistics.nextReportBlock(0xABCDL, 0x1234, 0x5678);
        assertThat(block).isEqualTo(new ReportBlock(0xABCDL, 0, 0, 109, 0, 0x1234, 0x5678));
    }

    @Test
    void computesCumulativeAndIntervalLoss() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        feed(statistics, 0, 2);
        for (int sequence = 2; sequence < 50; sequence++) {
            if (sequence % 4 != 0) {
                statistics.onPacket(sequence, sequence * FRAME, sequence * FRAME);
            }
        }
        // expected 1..49 = 49, lost 4, 8, ... 48 = 12; fraction 12 * 256 / 49 = 62
        ReportBlock first = statistics.nextReportBlock(1, 0, 0);
        assertThat(first.cumulativeLost()).isEqualTo(12);
        assertThat(first.fractionLost()).isEqualTo(62);

        feed(statistics, 50, 10);
        ReportBlock second = statistics.nextReportBlock(1, 0, 0);
        assertThat(second.cumulativeLost()).isEqualTo(12);
        assertThat(second.fractionLost()).as("no loss in the second interval").isZero();
        assertThat(second.extendedHighestSequence()).isEqualTo(59);
    }

    @Test
    void extendsTheSequenceNumberAcrossWrapAround() {
        ReceptionStatistics statistics = new ReceptionStatistics();

        assertThat(feed(statistics, 65_530, 20)).isEqualTo(19);

        assertThat(statistics.extendedHighestSequence()).isEqualTo(65_536 + 13);
        assertThat(statistics.expected()).isEqualTo(19);
        assertThat(statistics.cumulativeLost()).isZero();
    }

    @Test
    void countsLateAndDuplicatePacketsWithoutMovingTheHighestSequence() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        feed(statistics, 100, 11);

        assertThat(statistics.onPacket(105, 0, 0)).isTrue();
        assertThat(statistics.onPacket(110, 0, 0)).isTrue();

        assertThat(statistics.extendedHighestSequence()).isEqualTo(110);
        assertThat(statistics.received()).isEqualTo(12);
        assertThat(statistics.expected()).isEqualTo(10);
        assertThat(statistics.cumulativeLost()).as("duplicates make the loss negative").isEqualTo(-2);
        assertThat(statistics.nextReportBlock(1, 0, 0).fractionLost()).isZero();
    }

    @Test
    void dropsOneUnexplainedJumpButResynchronisesOnTwoSequentialPackets() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        feed(statistics, 0, 10);

        assertThat(statistics.onPacket(20_000, 0, 0)).as("first packet after a big jump").isFalse();
        assertThat(statistics.extendedHighestSequence()).isEqualTo(9);
        assertThat(statistics.onPacket(20_001, 0, 0)).as("the sender restarted: resync").isTrue();

        assertThat(statistics.extendedHighestSequence()).isEqualTo(20_001);
        assertThat(statistics.received()).isEqualTo(1);
        assertThat(statistics.expected()).isEqualTo(1);
    }

    @Test
    void acceptsGapsUpToMaxDropout() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        feed(statistics, 0, 2);

        assertThat(statistics.onPacket(1 + ReceptionStatistics.MAX_DROPOUT - 1, 0, 0)).isTrue();
        assertThat(statistics.cumulativeLost()).isEqualTo(ReceptionStatistics.MAX_DROPOUT - 2);
        assertThat(statistics.onPacket((1 + 2 * ReceptionStatistics.MAX_DROPOUT) & 0xFFFF, 0, 0)).isFalse();
    }

    @Test
    void clampsCumulativeLossToTwentyFourSignedBits() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        feed(statistics, 0, 2);
        int sequence = 1;
        for (int i = 0; i < 3000; i++) {
            sequence = (sequence + ReceptionStatistics.MAX_DROPOUT - 1) & 0xFFFF;
            assertThat(statistics.onPacket(sequence, 0, 0)).isTrue();
        }

        assertThat(statistics.expected() - statistics.received()).isGreaterThan(ReportBlock.MAX_CUMULATIVE_LOST);
        assertThat(statistics.cumulativeLost()).isEqualTo(ReportBlock.MAX_CUMULATIVE_LOST);
        assertThat(statistics.nextReportBlock(1, 0, 0).cumulativeLost()).isEqualTo(ReportBlock.MAX_CUMULATIVE_LOST);
    }

    @Test
    void jitterStaysZeroWhenPacketsArriveOnTheirTimestampsEvenAcrossTimestampWrap() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        long timestamp = 0xFFFF_FFFFL - 5 * FRAME;
        for (int sequence = 0; sequence < 20; sequence++) {
            statistics.onPacket(sequence, timestamp & 0xFFFF_FFFFL, timestamp + 77);
            timestamp += FRAME;
        }

        assertThat(statistics.jitter()).isZero();
    }

    @Test
    void followsTheEstimatorOfAppendixA8() {
        ReceptionStatistics statistics = new ReceptionStatistics();
        statistics.onPacket(0, 0, 0);
        statistics.onPacket(1, FRAME, FRAME);
        statistics.onPacket(2, 2 * FRAME, 2 * FRAME + 32);

        assertThat(statistics.jitter()).as("J = 0 + (32 - 0) / 16").isEqualTo(2);

        double reference = 2;
        long previousTransit = 32;
        long[] delays = {0, 80, 10, 240, 0, 0, 160, 5, 90, 30};
        for (int i = 0; i < 200; i++) {
            long delay = delays[i % delays.length];
            int sequence = 3 + i;
            statistics.onPacket(sequence, (long) sequence * FRAME, (long) sequence * FRAME + delay);
            reference += (Math.abs(delay - previousTransit) - reference) / 16;
            previousTransit = delay;
        }

        assertThat((double) statistics.jitter()).isCloseTo(reference, offset(1.0));
    }

    @Test
    void refusesSequenceNumbersOutsideSixteenBits() {
        assertThatThrownBy(() -> new ReceptionStatistics().onPacket(65_536, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
