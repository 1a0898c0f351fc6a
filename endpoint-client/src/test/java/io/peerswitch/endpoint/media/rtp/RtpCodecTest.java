package io.peerswitch.endpoint.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.testing.Hex;
import io.peerswitch.endpoint.testing.Mutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpCodecTest {

    /** A PCMU packet as a two-party call sends it. */
    private static final byte[] PCMU = Hex.bytes("""
            80           # V=2 P=0 X=0 CC=0
            00           # M=0 PT=0 (PCMU)
            04 d2        # sequence number 1234
            00 00 30 39  # timestamp 12345
            de ad be ef  # SSRC
            ff 7f ff 7f  # payload: four µ-law samples around zero
            """);

    /** Every optional part at once. */
    private static final byte[] EVERYTHING = Hex.bytes("""
            b2           # V=2 P=1 X=1 CC=2
            e5           # M=1 PT=101
            ff ff        # sequence number 65535
            ff ff ff ff  # timestamp 2^32-1
            00 00 00 01  # SSRC
            00 00 00 02  # CSRC 1
            80 00 00 03  # CSRC 2 (top bit set: unsigned)
            be de 00 01  # extension: profile 0xBEDE (RFC 8285 one-byte), 1 word
            10 ff 00 00  # extension data
            01 02 03     # payload
            00 00 00 04  # padding: 4 octets including this count
            """);

    private static RtpPacket decoded(byte[] bytes) {
        RtpDecodeResult result = RtpCodec.decode(bytes, 0, bytes.length);
        assertThat(result).isInstanceOf(RtpDecodeResult.Decoded.class);
        return ((RtpDecodeResult.Decoded) result).packet();
    }

    private static String malformed(byte[] bytes) {
        return malformed(bytes, 0, bytes == null ? 0 : bytes.length);
    }

    private static String malformed(byte[] bytes, int off, int len) {
        RtpDecodeResult result = RtpCodec.decode(bytes, off, len);
        assertThat(result).isInstanceOf(RtpDecodeResult.Malformed.class);
        return ((RtpDecodeResult.Malformed) result).reason();
    }

    @Test
    void decodesAPcmuPacket() {
        RtpPacket packet = decoded(PCMU);

        assertThat(packet.marker()).isFalse();
        assertThat(packet.payloadType()).isZero();
        assertThat(packet.sequenceNumber()).isEqualTo(1234);
        assertThat(packet.timestamp()).isEqualTo(12345);
        assertThat(packet.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(packet.csrcs()).isEmpty();
        assertThat(packet.hasExtension()).isFalse();
        assertThat(packet.hasPadding()).isFalse();
        assertThat(packet.payload()).containsExactly(0xFF, 0x7F, 0xFF, 0x7F);
    }

    @Test
    void decodesCsrcsExtensionPaddingAndUnsignedFields() {
        RtpPacket packet = decoded(EVERYTHING);

        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(101);
        assertThat(packet.sequenceNumber()).isEqualTo(65535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(packet.csrcs()).containsExactly(2L, 0x80000003L);
        assertThat(packet.extension()).isEqualTo(new RtpHeaderExtension(0xBEDE, new byte[] {0x10, (byte) 0xFF, 0, 0}));
        assertThat(packet.payload()).containsExactly(1, 2, 3);
        assertThat(packet.paddingLength()).isEqualTo(4);
    }

    @Test
    void encodesBackToTheSameBytes() {
        assertThat(RtpCodec.encode(decoded(PCMU))).isEqualTo(PCMU);
        assertThat(RtpCodec.encode(decoded(EVERYTHING))).isEqualTo(EVERYTHING);
    }

    @Test
    void decodesFromAnOffsetInsideALargerBuffer() {
        byte[] buffer = new byte[PCMU.length + 7];
        System.arraycopy(PCMU, 0, buffer, 5, PCMU.length);

        assertThat(RtpCodec.decode(buffer, 5, PCMU.length)).isEqualTo(new RtpDecodeResult.Decoded(decoded(PCMU)));
    }

    @Test
    void encodesIntoAReusedBufferAtAnOffsetWithoutTouchingTheRest() {
        RtpPacket packet = decoded(EVERYTHING);
        byte[] buffer = new byte[100];
        Arrays.fill(buffer, (byte) 0x55);

        int length = RtpCodec.encodeInto(packet, buffer, 10);

        assertThat(length).isEqualTo(EVERYTHING.length).isEqualTo(RtpCodec.encodedLength(packet));
        assertThat(Arrays.copyOfRange(buffer, 10, 10 + length)).isEqualTo(EVERYTHING);
        assertThat(Arrays.copyOfRange(buffer, 0, 10)).containsOnly(0x55);
        assertThat(Arrays.copyOfRange(buffer, 10 + length, buffer.length)).containsOnly(0x55);
    }

    @Test
    void refusesToEncodeIntoABufferThatIsTooSmall() {
        RtpPacket packet = decoded(PCMU);

        assertThatThrownBy(() -> RtpCodec.encodeInto(packet, new byte[PCMU.length], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 16 bytes");
        assertThatThrownBy(() -> RtpCodec.encodeInto(packet, new byte[PCMU.length], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsRandomPackets() {
        Random random = new Random(3550);
        for (int i = 0; i < 1000; i++) {
            List<Long> csrcs = new ArrayList<>();
            for (int c = random.nextInt(RtpPacket.MAX_CSRC_COUNT + 1); c > 0; c--) {
                csrcs.add(random.nextLong(0x1_0000_0000L));
            }
            RtpHeaderExtension extension = random.nextBoolean()
                    ? new RtpHeaderExtension(random.nextInt(0x10000), randomBytes(random, 4 * random.nextInt(4)))
                    : null;
            RtpPacket packet = new RtpPacket(random.nextBoolean(), random.nextInt(128), random.nextInt(65536),
                    random.nextLong(0x1_0000_0000L), random.nextLong(0x1_0000_0000L), csrcs, extension,
                    randomBytes(random, random.nextInt(200)), random.nextBoolean() ? 0 : 1 + random.nextInt(255));

            byte[] bytes = RtpCodec.encode(packet);

            assertThat(decoded(bytes)).isEqualTo(packet);
        }
    }

    @Test
    void namesWhatIsWrongWithMalformedPackets() {
        assertThat(malformed(Arrays.copyOf(PCMU, 11))).contains("shorter than the 12-byte fixed header");
        assertThat(malformed(withFirstByte(PCMU, 0x40))).isEqualTo("version 1, expected 2");
        assertThat(malformed(withFirstByte(PCMU, 0xC0))).isEqualTo("version 3, expected 2");
        assertThat(malformed(withFirstByte(PCMU, 0x82))).contains("CSRC count 2 runs past the end");
        assertThat(malformed(Hex.bytes("90 00 0001 00000000 00000000 bede"))).contains("no room for the extension header");
        assertThat(malformed(Hex.bytes("90 00 0001 00000000 00000000 bede 0002 00000000"))).contains("extension length 8 bytes");
        assertThat(malformed(Hex.bytes("a0 00 0001 00000000 00000000 ffff 00"))).contains("padding count is 0");
        assertThat(malformed(Hex.bytes("a0 00 0001 00000000 00000000 ff 04"))).contains("padding count 4 is longer than the payload");
    }

    @Test
    void acceptsPaddingThatFillsTheWholePayload() {
        RtpPacket packet = decoded(Hex.bytes("a0 00 0001 00000000 00000000 000003"));

        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.paddingLength()).isEqualTo(3);
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        assertThat(malformed(null)).contains("outside the buffer");
        assertThat(malformed(PCMU, -1, 12)).contains("outside the buffer");
        assertThat(malformed(PCMU, 8, 12)).contains("outside the buffer");
        assertThat(malformed(PCMU, 0, -1)).contains("outside the buffer");
        assertThat(malformed(PCMU, Integer.MAX_VALUE, 2)).contains("outside the buffer");
        assertThat(malformed(new byte[RtpCodec.MAX_PACKET_LENGTH + 1])).contains("longer than 65535");
    }

    @Test
    void survivesTenThousandMutationsAndEveryDecodedPacketReencodesToItsInput() {
        Random random = new Random(20_240_601);
        byte[][] seeds = {PCMU, EVERYTHING};
        int decodedCount = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] input = Mutations.mutate(seeds[round % seeds.length], random);

            RtpDecodeResult result = RtpCodec.decode(input, 0, input.length);

            if (result instanceof RtpDecodeResult.Decoded(RtpPacket packet)) {
                decodedCount++;
                byte[] again = RtpCodec.encode(packet);
                int significant = input.length - packet.paddingLength();
                assertThat(again).hasSameSizeAs(input);
                assertThat(Arrays.copyOf(again, significant)).isEqualTo(Arrays.copyOf(input, significant));
                assertThat(again[again.length - 1]).isEqualTo(input[input.length - 1]);
            }
        }
        assertThat(decodedCount).as("some mutations are still valid packets").isBetween(100, Mutations.ROUNDS - 100);
    }

    private static byte[] withFirstByte(byte[] bytes, int first) {
        byte[] copy = bytes.clone();
        copy[0] = (byte) first;
        return copy;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
