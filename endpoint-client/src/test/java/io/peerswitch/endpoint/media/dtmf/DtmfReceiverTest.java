package io.peerswitch.endpoint.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtmfReceiverTest {

    @Test
    void reportsAPressOnItsFirstPacketAndIgnoresUpdatesAndRetransmissions() {
        DtmfReceiver receiver = new DtmfReceiver();

        assertThat(receiver.onEvent(1000, new DtmfEvent(7, false, 10, 160))).contains('7');
        assertThat(receiver.onEvent(1000, new DtmfEvent(7, false, 10, 320))).isEmpty();
        assertThat(receiver.onEvent(1000, new DtmfEvent(7, true, 10, 800))).isEmpty();
        assertThat(receiver.onEvent(1000, new DtmfEvent(7, true, 10, 800))).isEmpty();
    }

    @Test
    void reportsTheSameDigitAgainWhenPressedAgain() {
        DtmfReceiver receiver = new DtmfReceiver();

        assertThat(receiver.onEvent(1000, new DtmfEvent(3, true, 10, 800))).contains('3');
        assertThat(receiver.onEvent(3000, new DtmfEvent(3, true, 10, 800))).contains('3');
    }

    @Test
    void reportsAPressWhoseStartPacketsWereLost() {
        DtmfReceiver receiver = new DtmfReceiver();

        assertThat(receiver.onEvent(5000, new DtmfEvent(11, true, 10, 800))).contains('#');
    }

    @Test
    void staysSilentForALateRetransmissionOfAnEarlierPress() {
        DtmfReceiver receiver = new DtmfReceiver();
        receiver.onEvent(1000, new DtmfEvent(1, false, 10, 160));
        receiver.onEvent(3000, new DtmfEvent(2, false, 10, 160));

        assertThat(receiver.onEvent(1000, new DtmfEvent(1, true, 10, 800))).isEmpty();
    }

    @Test
    void forgetsPressesOlderThanItsMemory() {
        DtmfReceiver receiver = new DtmfReceiver();
        for (int i = 0; i <= DtmfReceiver.REMEMBERED_EVENTS; i++) {
            receiver.onEvent(i * 1000L, new DtmfEvent(0, true, 10, 800));
        }

        assertThat(receiver.onEvent(DtmfReceiver.REMEMBERED_EVENTS * 1000L, new DtmfEvent(0, true, 10, 800))).isEmpty();
        assertThat(receiver.onEvent(0, new DtmfEvent(0, true, 10, 800))).as("evicted").contains('0');
    }
}
