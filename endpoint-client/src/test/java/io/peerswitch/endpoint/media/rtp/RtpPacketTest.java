package io.peerswitch.endpoint.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void copiesThePayloadOnTheWayInAndOut() {
        byte[] payload = {1, 2, 3};
        RtpPacket packet = RtpPacket.of(0, 1, 2, 3, false, payload);

        payload[0] = 9;
        packet.payload()[1] = 9;

        assertThat(packet.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void copiesTheCsrcListAndTheExtensionData() {
        List<Long> csrcs = new ArrayList<>(List.of(7L));
        byte[] data = {1, 2, 3, 4};
        RtpHeaderExtension extension = new RtpHeaderExtension(1, data);
        RtpPacket packet = new RtpPacket(false, 0, 0, 0, 0, csrcs, extension, new byte[0], 0);

        csrcs.add(8L);
        data[0] = 9;
        extension.data()[1] = 9;

        assertThat(packet.csrcs()).containsExactly(7L);
        assertThat(packet.extension().data()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> packet.csrcs().add(9L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void comparesPayloadsByContent() {
        RtpPacket one = RtpPacket.of(8, 100, 160, 42, true, new byte[] {1, 2});
        RtpPacket same = RtpPacket.of(8, 100, 160, 42, true, new byte[] {1, 2});
        RtpPacket other = RtpPacket.of(8, 100, 160, 42, true, new byte[] {1, 3});

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(one.toString()).contains("pt=8", "seq=100", "ts=160", "ssrc=0x2a", "marker", "payload=2 bytes");
    }

    @Test
    void refusesValuesTheHeaderCannotCarry() {
        assertThatThrownBy(() -> RtpPacket.of(128, 0, 0, 0, false, new byte[0])).hasMessageContaining("payload type");
        assertThatThrownBy(() -> RtpPacket.of(0, 65536, 0, 0, false, new byte[0])).hasMessageContaining("sequence number");
        assertThatThrownBy(() -> RtpPacket.of(0, 0, 1L << 32, 0, false, new byte[0])).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> RtpPacket.of(0, 0, 0, -1, false, new byte[0])).hasMessageContaining("SSRC");
        assertThatThrownBy(() -> new RtpPacket(false, 0, 0, 0, 0, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
                13L, 14L, 15L, 16L), null, new byte[0], 0)).hasMessageContaining("at most 15 CSRCs");
        assertThatThrownBy(() -> new RtpPacket(false, 0, 0, 0, 0, List.of(), null, new byte[0], 256))
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> new RtpHeaderExtension(0, new byte[3])).hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> new RtpHeaderExtension(0x10000, new byte[0])).hasMessageContaining("profile");
    }
}
