package io.peerswitch.endpoint.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.testing.Hex;
import org.junit.jupiter.api.Test;

class RtpDemuxTest {

    private static byte[] packet(int first, int second, int length) {
        byte[] bytes = new byte[length];
        bytes[0] = (byte) first;
        bytes[1] = (byte) second;
        return bytes;
    }

    @Test
    void tellsRtpFromRtcpByTheSecondOctet() {
        byte[] pcmu = packet(0x80, 0x00, 172);
        byte[] senderReport = Hex.bytes("80 c8 0006 deadbeef 00000000 00000000 00000000 00000000 00000000");
        byte[] receiverReport = Hex.bytes("80 c9 0001 deadbeef");

        assertThat(RtpDemux.looksLikeRtp(pcmu, 0, pcmu.length)).isTrue();
        assertThat(RtpDemux.looksLikeRtcp(pcmu, 0, pcmu.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtcp(senderReport, 0, senderReport.length)).isTrue();
        assertThat(RtpDemux.looksLikeRtp(senderReport, 0, senderReport.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtcp(receiverReport, 0, receiverReport.length)).isTrue();
    }

    @Test
    void treatsPayloadTypes64To95AsRtcpWhateverTheMarkerBit() {
        for (int second = 0; second < 256; second++) {
            int payloadType = second & 0x7F;
            boolean rtcpRange = payloadType >= 64 && payloadType <= 95;
            byte[] bytes = packet(0x80, second, 12);

            assertThat(RtpDemux.looksLikeRtcp(bytes, 0, 12)).as("second octet %d", second).isEqualTo(rtcpRange);
            assertThat(RtpDemux.looksLikeRtp(bytes, 0, 12)).as("second octet %d", second).isEqualTo(!rtcpRange);
        }
    }

    @Test
    void saysNeitherForOtherVersionsShortDatagramsOrBadBounds() {
        byte[] stun = packet(0x00, 0x01, 20);
        byte[] shortRtp = packet(0x80, 0x00, 11);
        byte[] shortRtcp = packet(0x80, 0xC9, 7);

        assertThat(RtpDemux.looksLikeRtp(stun, 0, stun.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtcp(stun, 0, stun.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtp(shortRtp, 0, shortRtp.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtcp(shortRtcp, 0, shortRtcp.length)).isFalse();
        assertThat(RtpDemux.looksLikeRtp(null, 0, 12)).isFalse();
        assertThat(RtpDemux.looksLikeRtp(packet(0x80, 0, 12), 1, 12)).isFalse();
        assertThat(RtpDemux.looksLikeRtcp(packet(0x80, 0xC8, 12), -1, 8)).isFalse();
    }

    @Test
    void readsFromTheGivenOffset() {
        byte[] buffer = new byte[40];
        buffer[20] = (byte) 0x80;
        buffer[21] = (byte) 0xC9;

        assertThat(RtpDemux.looksLikeRtcp(buffer, 20, 20)).isTrue();
        assertThat(RtpDemux.looksLikeRtp(buffer, 20, 20)).isFalse();
    }
}
