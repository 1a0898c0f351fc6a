package io.peerswitch.endpoint.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SRTP and SRTCP (RFC 3711) against the published vectors (Appendix B.3, libsrtp's srtp_validate) and as an
 * attacker would try them: tampered, replayed, forged, garbage, and across the sequence-number wrap.
 */
class SrtpTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final SrtpKeys KEYS = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
    private static final byte[] RTP_PLAIN = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] RTP_PROTECTED = HEX.parseHex(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] RTCP_PLAIN = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    /** libsrtp's first SRTCP packet, index 1. */
    private static final byte[] RTCP_PROTECTED = HEX.parseHex(
            "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    @Test
    void sessionKeysDeriveAsRfc3711AppendixB3Lists() {
        assertThat(HEX.formatHex(SrtpCipher.derive(MASTER_KEY, MASTER_SALT, SrtpCipher.LABEL_ENCRYPTION, 16)))
                .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(HEX.formatHex(SrtpCipher.derive(MASTER_KEY, MASTER_SALT, SrtpCipher.LABEL_SALT, 14)))
                .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(HEX.formatHex(SrtpCipher.derive(MASTER_KEY, MASTER_SALT, SrtpCipher.LABEL_AUTHENTICATION, 20)))
                .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }

    @Test
    void rtpProtectsAndUnprotectsAsLibsrtpsReferencePacket() {
        assertThat(new SrtpSender(KEYS).protectRtp(RTP_PLAIN, 0, RTP_PLAIN.length)).isEqualTo(RTP_PROTECTED);
        assertThat(plain(new SrtpReceiver(KEYS).unprotectRtp(RTP_PROTECTED, 0, RTP_PROTECTED.length))).isEqualTo(RTP_PLAIN);
    }

    @Test
    void rtcpProtectsAndUnprotectsAsLibsrtpsReferencePacket() {
        SrtpSender sender = new SrtpSender(KEYS);
        byte[] first = sender.protectRtcp(RTCP_PLAIN, 0, RTCP_PLAIN.length);
        assertThat(HEX.formatHex(first, first.length - 14, first.length - 10)).isEqualTo("80000000"); // RFC 3711 3.4: from zero
        // libsrtp starts its SRTCP index at 1, so its first packet is our second.
        assertThat(sender.protectRtcp(RTCP_PLAIN, 0, RTCP_PLAIN.length)).isEqualTo(RTCP_PROTECTED);
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        assertThat(plain(receiver.unprotectRtcp(RTCP_PROTECTED, 0, RTCP_PROTECTED.length))).isEqualTo(RTCP_PLAIN);
        assertThat(plain(receiver.unprotectRtcp(first, 0, first.length))).isEqualTo(RTCP_PLAIN);
    }

    @Test
    void everyFlippedBitOfAProtectedPacketIsRefused() {
        for (byte[] reference : new byte[][] {RTP_PROTECTED, RTCP_PROTECTED}) {
            for (int bit = 0; bit < reference.length * 8; bit++) {
                byte[] tampered = reference.clone();
                tampered[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
                SrtpReceiver receiver = new SrtpReceiver(KEYS);
                SrtpResult result = reference == RTP_PROTECTED
                        ? receiver.unprotectRtp(tampered, 0, tampered.length)
                        : receiver.unprotectRtcp(tampered, 0, tampered.length);
                assertThat(result).as("bit %d", bit).isInstanceOf(SrtpResult.Refused.class);
                // And the untouched packet still passes: the forgery moved no state.
                SrtpResult after = reference == RTP_PROTECTED
                        ? receiver.unprotectRtp(reference, 0, reference.length)
                        : receiver.unprotectRtcp(reference, 0, reference.length);
                assertThat(after).as("bit %d", bit).isInstanceOf(SrtpResult.Plain.class);
            }
        }
    }

    @Test
    void aReplayedPacketIsRefusedAndReorderedOnesWithinTheWindowPass() {
        SrtpSender sender = new SrtpSender(KEYS);
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        byte[][] sent = new byte[100][];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = sender.protectRtp(rtp(1000 + i, 0x1234), 0, 172);
        }
        assertThat(receiver.unprotectRtp(sent[50], 0, sent[50].length)).isInstanceOf(SrtpResult.Plain.class);
        assertThat(receiver.unprotectRtp(sent[50], 0, sent[50].length)).isEqualTo(refused(SrtpResult.Reason.REPLAY));
        assertThat(receiver.unprotectRtp(sent[20], 0, sent[20].length)).isInstanceOf(SrtpResult.Plain.class); // 30 behind
        assertThat(receiver.unprotectRtp(sent[20], 0, sent[20].length)).isEqualTo(refused(SrtpResult.Reason.REPLAY));
        assertThat(receiver.unprotectRtp(sent[99], 0, sent[99].length)).isInstanceOf(SrtpResult.Plain.class);
        assertThat(receiver.unprotectRtp(sent[30], 0, sent[30].length)).as("69 behind, out of the 64-packet window")
                .isEqualTo(refused(SrtpResult.Reason.REPLAY));
        assertThat(receiver.unprotectRtp(sent[40], 0, sent[40].length)).as("59 behind").isInstanceOf(SrtpResult.Plain.class);
        assertThat(receiver.replays()).isEqualTo(3);

        byte[] report = sender.protectRtcp(RTCP_PLAIN, 0, RTCP_PLAIN.length);
        assertThat(receiver.unprotectRtcp(report, 0, report.length)).isInstanceOf(SrtpResult.Plain.class);
        assertThat(receiver.unprotectRtcp(report, 0, report.length)).isEqualTo(refused(SrtpResult.Reason.REPLAY));
    }

    @Test
    void theRolloverCounterFollowsTheSequenceWrapAndLatePacketsFromBeforeIt() {
        SrtpSender sender = new SrtpSender(KEYS);
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        byte[] late = null;
        for (int i = 0; i < 20; i++) {
            int sequence = (65526 + i) & 0xFFFF;
            byte[] packet = sender.protectRtp(rtp(sequence, 7), 0, 172);
            if (sequence == 65534) {
                late = packet; // delivered after the wrap
                continue;
            }
            SrtpResult result = receiver.unprotectRtp(packet, 0, packet.length);
            assertThat(plain(result)).as("seq %d", sequence).isEqualTo(rtp(sequence, 7));
        }
        assertThat(plain(receiver.unprotectRtp(late, 0, late.length))).isEqualTo(rtp(65534, 7));
        // A receiver that guessed the index wrong could not have verified the tag: the ROC is in it.
        assertThat(receiver.authFailures()).isZero();
    }

    @Test
    void aForgedPacketAheadMovesNeitherTheHighestIndexNorTheWindow() {
        SrtpSender sender = new SrtpSender(KEYS);
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        byte[] first = sender.protectRtp(rtp(20000, 7), 0, 172);
        byte[] next = sender.protectRtp(rtp(20001, 7), 0, 172);
        assertThat(receiver.unprotectRtp(first, 0, first.length)).isInstanceOf(SrtpResult.Plain.class);
        byte[] forged = sender.protectRtp(rtp(40000, 7), 0, 172);
        forged[forged.length - 1] ^= 1;
        assertThat(receiver.unprotectRtp(forged, 0, forged.length)).isEqualTo(refused(SrtpResult.Reason.AUTHENTICATION));
        // Had the forgery moved the window to 40000, 20001 would now be far behind it and refused as a replay.
        assertThat(plain(receiver.unprotectRtp(next, 0, next.length))).isEqualTo(rtp(20001, 7));
        assertThat(receiver.authFailures()).isEqualTo(1);
        assertThat(receiver.replays()).isZero();
    }

    @Test
    void sourcesAreBoundedAndForgedOnesTakeNoSlot() {
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            byte[] withTag = java.util.Arrays.copyOf(rtp(i, 0x10000 + i), 182);
            byte[] tag = new byte[10];
            random.nextBytes(tag);
            System.arraycopy(tag, 0, withTag, 172, 10);
            assertThat(receiver.unprotectRtp(withTag, 0, withTag.length)).isEqualTo(refused(SrtpResult.Reason.AUTHENTICATION));
        }
        for (int ssrc = 1; ssrc <= SrtpReceiver.MAX_SOURCES; ssrc++) {
            byte[] packet = new SrtpSender(KEYS).protectRtp(rtp(1, ssrc), 0, 172);
            assertThat(receiver.unprotectRtp(packet, 0, packet.length)).as("ssrc %d", ssrc).isInstanceOf(SrtpResult.Plain.class);
        }
        byte[] oneTooMany = new SrtpSender(KEYS).protectRtp(rtp(1, 99), 0, 172);
        assertThat(receiver.unprotectRtp(oneTooMany, 0, oneTooMany.length)).isEqualTo(refused(SrtpResult.Reason.TOO_MANY_SOURCES));
    }

    @Test
    void garbageOfEveryLengthIsRefusedWithoutAnException() {
        Random random = new Random(42);
        SrtpReceiver receiver = new SrtpReceiver(KEYS);
        for (int length = 0; length < 300; length++) {
            for (int trial = 0; trial < 20; trial++) {
                byte[] garbage = new byte[length];
                random.nextBytes(garbage);
                if (length > 0 && trial % 2 == 0) {
                    garbage[0] = (byte) (0x80 | (garbage[0] & 0x3F)); // version 2, anything else random
                }
                assertThat(receiver.unprotectRtp(garbage, 0, length)).isInstanceOf(SrtpResult.Refused.class);
                assertThat(receiver.unprotectRtcp(garbage, 0, length)).isInstanceOf(SrtpResult.Refused.class);
            }
        }
        byte[] packet = new SrtpSender(KEYS).protectRtp(rtp(5, 5), 0, 172);
        assertThat(receiver.unprotectRtp(packet, 0, packet.length)).isInstanceOf(SrtpResult.Plain.class);
    }

    @Test
    void theShortTagProfileCarriesFourBytesAndRtcpKeepsTen() {
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_32, MASTER_KEY, MASTER_SALT);
        byte[] rtp = new SrtpSender(keys).protectRtp(RTP_PLAIN, 0, RTP_PLAIN.length);
        assertThat(rtp).hasSize(RTP_PLAIN.length + 4);
        assertThat(HEX.formatHex(rtp, 0, RTP_PLAIN.length)).isEqualTo(HEX.formatHex(RTP_PROTECTED, 0, RTP_PLAIN.length));
        assertThat(plain(new SrtpReceiver(keys).unprotectRtp(rtp, 0, rtp.length))).isEqualTo(RTP_PLAIN);
        assertThat(new SrtpSender(keys).protectRtcp(RTCP_PLAIN, 0, RTCP_PLAIN.length)).hasSize(RTCP_PLAIN.length + 14);
        assertThat(new SrtpReceiver(KEYS).unprotectRtp(rtp, 0, rtp.length)).as("an 80-bit receiver refuses a 32-bit tag")
                .isInstanceOf(SrtpResult.Refused.class);
    }

    @Test
    void theSenderRefusesWhatIsNotRtpAndKeysDoNotLeakInToString() {
        assertThatThrownBy(() -> new SrtpSender(KEYS).protectRtp(new byte[] {0x40, 0, 0, 0}, 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[15], MASTER_SALT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(KEYS.toString()).doesNotContain("e1f9").doesNotContain("-31");
    }

    /** A 172-byte PCMU-sized RTP packet of {@code sequence} and {@code ssrc} with a recognisable payload. */
    private static byte[] rtp(int sequence, long ssrc) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            packet[8 + i] = (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) (sequence + i);
        }
        return packet;
    }

    private static byte[] plain(SrtpResult result) {
        assertThat(result).isInstanceOf(SrtpResult.Plain.class);
        return ((SrtpResult.Plain) result).packet();
    }

    private static SrtpResult refused(SrtpResult.Reason reason) {
        return new SrtpResult.Refused(reason);
    }
}
