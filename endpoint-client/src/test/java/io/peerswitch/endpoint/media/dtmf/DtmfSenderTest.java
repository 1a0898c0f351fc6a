package io.peerswitch.endpoint.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.media.rtp.RtpPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfSenderTest {

    private static final DtmfSender SENDER = new DtmfSender(101, 0xCAFEL, 160, DtmfSender.DEFAULT_VOLUME);

    private static DtmfEvent event(DtmfSender.PlannedPacket planned) {
        byte[] payload = planned.packet().payload();
        return ((DtmfDecodeResult.Decoded) TelephoneEventCodec.decode(payload, 0, payload.length)).event();
    }

    @Test
    void plansUpdatesThenTheEndPacketThreeTimes() {
        List<DtmfSender.PlannedPacket> plan = SENDER.plan('1', 800, 1000, 48_000);

        assertThat(plan).hasSize(7);
        assertThat(plan).extracting(DtmfSender.PlannedPacket::sendAt).containsExactly(160L, 320L, 480L, 640L, 800L, 960L, 1120L);
        assertThat(plan).extracting(planned -> planned.packet().sequenceNumber())
                .containsExactly(1000, 1001, 1002, 1003, 1004, 1005, 1006);
        assertThat(plan).extracting(planned -> planned.packet().timestamp()).containsOnly(48_000L);
        assertThat(plan).extracting(planned -> planned.packet().marker()).containsExactly(true, false, false, false, false, false, false);
        assertThat(plan).extracting(planned -> planned.packet().payloadType()).containsOnly(101);
        assertThat(plan).extracting(planned -> planned.packet().ssrc()).containsOnly(0xCAFEL);
        assertThat(plan).extracting(planned -> event(planned).duration()).containsExactly(160, 320, 480, 640, 800, 800, 800);
        assertThat(plan).extracting(planned -> event(planned).end()).containsExactly(false, false, false, false, true, true, true);
        assertThat(plan).extracting(planned -> event(planned).event()).containsOnly(1);
        assertThat(plan).extracting(planned -> event(planned).volume()).containsOnly(10);
    }

    @Test
    void sendsOnlyEndPacketsForAPressShorterThanOneInterval() {
        List<DtmfSender.PlannedPacket> plan = SENDER.plan('#', 100, 5, 0);

        assertThat(plan).hasSize(DtmfSender.END_PACKET_COUNT);
        assertThat(plan.getFirst().packet().marker()).isTrue();
        assertThat(plan).extracting(planned -> event(planned).end()).containsOnly(true);
        assertThat(plan).extracting(planned -> event(planned).duration()).containsOnly(100);
        assertThat(plan).extracting(DtmfSender.PlannedPacket::sendAt).containsExactly(100L, 260L, 420L);
    }

    @Test
    void reportsAnExactMultipleOfTheIntervalOnlyInTheEndPackets() {
        List<DtmfSender.PlannedPacket> plan = SENDER.plan('5', 320, 0, 0);

        assertThat(plan).extracting(planned -> event(planned).duration()).containsExactly(160, 320, 320, 320);
    }

    @Test
    void wrapsSequenceNumbers() {
        List<DtmfSender.PlannedPacket> plan = SENDER.plan('9', 400, 65_534, 0);

        assertThat(plan).extracting(planned -> planned.packet().sequenceNumber()).containsExactly(65_534, 65_535, 0, 1, 2);
    }

    @Test
    void refusesWhatItCannotSend() {
        assertThatThrownBy(() -> SENDER.plan('x', 800, 0, 0)).hasMessageContaining("not a DTMF digit");
        assertThatThrownBy(() -> SENDER.plan('1', 0, 0, 0)).hasMessageContaining("duration");
        assertThatThrownBy(() -> SENDER.plan('1', 65_536, 0, 0)).hasMessageContaining("duration");
        assertThatThrownBy(() -> new DtmfSender(128, 0, 160, 10)).hasMessageContaining("payload type");
        assertThatThrownBy(() -> new DtmfSender(101, 0, 0, 10)).hasMessageContaining("interval");
        assertThatThrownBy(() -> new DtmfSender(101, 0, 160, 64)).hasMessageContaining("volume");
        assertThatThrownBy(() -> new DtmfSender(101, -1, 160, 10)).hasMessageContaining("SSRC");
    }

    @Test
    void aReceiverHearsEachPlannedPressOnce() {
        DtmfReceiver receiver = new DtmfReceiver();
        StringBuilder heard = new StringBuilder();
        long timestamp = 0;
        int sequence = 0;
        for (char digit : "123#".toCharArray()) {
            List<DtmfSender.PlannedPacket> plan = SENDER.plan(digit, 800, sequence, timestamp);
            for (DtmfSender.PlannedPacket planned : plan) {
                RtpPacket packet = planned.packet();
                receiver.onEvent(packet.timestamp(), event(planned)).ifPresent(heard::append);
            }
            sequence += plan.size();
            timestamp += 800 + 1600;
        }

        assertThat(heard).hasToString("123#");
    }
}
