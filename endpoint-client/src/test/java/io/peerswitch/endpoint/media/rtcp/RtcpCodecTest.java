package io.peerswitch.endpoint.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.testing.Hex;
import io.peerswitch.endpoint.testing.Mutations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpCodecTest {

    /** What an active sender sends every few seconds: SR + SDES with its CNAME. */
    private static final byte[] SR_SDES = Hex.bytes("""
            80 c8 00 06               # V=2 P=0 RC=0 PT=200 (SR) length 6 words + 1 = 28 bytes
            de ad be ef               # SSRC of sender
            e8 a2 b1 c0 80 00 00 00   # NTP 0xE8A2B1C0.80000000 = 2023-09-06T08:07:28.5Z
            00 00 30 39               # RTP timestamp 12345
            00 00 00 64               # sender's packet count 100
            00 00 3e 80               # sender's octet count 16000
            81 ca 00 06               # V=2 P=0 SC=1 PT=202 (SDES) length 6 = 28 bytes
            de ad be ef               # chunk 1: SSRC
            01 10                     # CNAME, 16 octets
            61 6c 69 63 65 40 31 39   # "alice@19"
            32 2e 30 2e 32 2e 31 30   # "2.0.2.10"
            00 00                     # end of items, padding to the 32-bit boundary
            """);

    /** What a receiver that hangs up sends: RR with one block + BYE with a reason. */
    private static final byte[] RR_BYE = Hex.bytes("""
            81 c9 00 07               # V=2 P=0 RC=1 PT=201 (RR) length 7 = 32 bytes
            00 00 00 01               # SSRC of reporter
            de ad be ef               # block: SSRC of source
            40                        # fraction lost 64/256
            ff ff fe                  # cumulative lost -2 (24-bit two's complement: duplicates)
            00 01 00 05               # extended highest sequence: 1 cycle, sequence 5
            00 00 00 20               # jitter 32
            b1 c0 80 00               # LSR: middle 32 bits of the SR's NTP time
            00 01 80 00               # DLSR 1.5 s in 1/65536 s
            81 cb 00 03               # V=2 P=0 SC=1 PT=203 (BYE) length 3 = 16 bytes
            00 00 00 01               # SSRC leaving
            06 68 61 6e 67 75 70      # reason: 6 octets "hangup"
            00                        # padding to the 32-bit boundary
            """);

    /** An empty RR and an APP packet (a type this codec keeps as bytes) with RTCP padding. */
    private static final byte[] RR_APP_PADDED = Hex.bytes("""
            80 c9 00 01               # V=2 P=0 RC=0 PT=201 (RR) length 1 = 8 bytes
            00 00 00 01               # SSRC of reporter
            a0 cc 00 03               # V=2 P=1 subtype=0 PT=204 (APP) length 3 = 16 bytes
            00 00 00 01               # SSRC
            6e 61 6d 65               # name "name"
            00 00 00 04               # padding: 4 octets including the count
            """);

    private static List<RtcpPacket> decoded(byte[] bytes) {
        RtcpDecodeResult result = RtcpCodec.decode(bytes, 0, bytes.length);
        assertThat(result).isInstanceOf(RtcpDecodeResult.Decoded.class);
        return ((RtcpDecodeResult.Decoded) result).packets();
    }

    private static String malformed(String annotatedHex) {
        byte[] bytes = Hex.bytes(annotatedHex);
        RtcpDecodeResult result = RtcpCodec.decode(bytes, 0, bytes.length);
        assertThat(result).isInstanceOf(RtcpDecodeResult.Malformed.class);
        return ((RtcpDecodeResult.Malformed) result).reason();
    }

    @Test
    void decodesASenderReportWithItsSourceDescription() {
        List<RtcpPacket> packets = decoded(SR_SDES);

        assertThat(packets).hasSize(2);
        SenderReport sr = (SenderReport) packets.get(0);
        assertThat(sr.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(NtpTime.toInstant(sr.ntpTimestamp())).isEqualTo(Instant.parse("2023-09-06T08:07:28.5Z"));
        assertThat(sr.rtpTimestamp()).isEqualTo(12345);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(16000);
        assertThat(sr.reportBlocks()).isEmpty();
        SourceDescription sdes = (SourceDescription) packets.get(1);
        assertThat(sdes).isEqualTo(SourceDescription.cname(0xDEADBEEFL, "alice@192.0.2.10"));
        assertThat(sdes.chunks().getFirst().cname()).contains("alice@192.0.2.10");
    }

    @Test
    void decodesAReceiverReportBlockAndABye() {
        List<RtcpPacket> packets = decoded(RR_BYE);

        assertThat(packets).containsExactly(
                new ReceiverReport(1, List.of(new ReportBlock(0xDEADBEEFL, 64, -2, 0x10005, 32, 0xB1C08000L, 0x18000))),
                new Bye(List.of(1L), "hangup"));
    }

    @Test
    void keepsUnknownPacketTypesAndStripsPaddingFromTheLastPacket() {
        List<RtcpPacket> packets = decoded(RR_APP_PADDED);

        assertThat(packets).containsExactly(
                new ReceiverReport(1, List.of()),
                new UnknownRtcpPacket(204, 0, Hex.bytes("00000001 6e616d65")));
    }

    @Test
    void encodesTheFixturesBackToTheSameBytes() {
        assertThat(RtcpCodec.encode(decoded(SR_SDES))).isEqualTo(SR_SDES);
        assertThat(RtcpCodec.encode(decoded(RR_BYE))).isEqualTo(RR_BYE);
    }

    @Test
    void writesSdesPaddingAndByeReasonsOfEveryLength() {
        for (int length = 0; length <= 12; length++) {
            String text = "x".repeat(length);
            List<RtcpPacket> packets = List.of(new ReceiverReport(7, List.of()),
                    new SourceDescription(List.of(new SdesChunk(7, List.of(SdesItem.cname(text), new SdesItem(SdesItem.TOOL, text))))),
                    new Bye(List.of(7L, 8L), length == 0 ? null : text));

            byte[] bytes = RtcpCodec.encode(packets);

            assertThat(bytes.length % 4).isZero();
            assertThat(decoded(bytes)).isEqualTo(packets);
        }
    }

    @Test
    void roundTripsRandomCompoundPackets() {
        Random random = new Random(641);
        for (int i = 0; i < 500; i++) {
            List<RtcpPacket> packets = new ArrayList<>();
            List<ReportBlock> blocks = new ArrayList<>();
            for (int b = random.nextInt(4); b > 0; b--) {
                blocks.add(new ReportBlock(u32(random), random.nextInt(256),
                        random.nextInt(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.MAX_CUMULATIVE_LOST + 1),
                        u32(random), u32(random), u32(random), u32(random)));
            }
            packets.add(random.nextBoolean()
                    ? new SenderReport(u32(random), random.nextLong(), u32(random), u32(random), u32(random), blocks)
                    : new ReceiverReport(u32(random), blocks));
            packets.add(SourceDescription.cname(u32(random), "user" + random.nextInt() + "@example.net"));
            if (random.nextBoolean()) {
                packets.add(new UnknownRtcpPacket(205 + random.nextInt(3), random.nextInt(32), new byte[4 * random.nextInt(4)]));
            }
            if (random.nextBoolean()) {
                packets.add(new Bye(List.of(u32(random)), random.nextBoolean() ? null : "bye " + random.nextInt(1000)));
            }

            assertThat(decoded(RtcpCodec.encode(packets))).isEqualTo(packets);
        }
    }

    @Test
    void refusesToEncodeACompoundPacketThatDoesNotStartWithAReport() {
        assertThatThrownBy(() -> RtcpCodec.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtcpCodec.encode(List.of(new Bye(List.of(1L), null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with a sender or receiver report");
    }

    @Test
    void appliesTheValidityChecksOfAppendixA2() {
        assertThat(malformed("81 cb 0001 00000001")).contains("must start with SR or RR, found packet type 203");
        assertThat(malformed("40 c9 0001 00000001")).contains("packet 1 has version 1");
        assertThat(malformed("80 c9 0001 00000001 40 ca 0000")).contains("packet 2 has version 1");
        assertThat(malformed("80 c9 0002 00000001")).contains("claims 12 bytes, only 8 remain");
        assertThat(malformed("a0 c9 0001 00000004 80 ca 0000")).contains("padded but is not the last packet");
        assertThat(malformed("80 c9 0001 00000001 a0 cc 0001 00000000")).contains("impossible padding count 0");
        assertThat(malformed("80 c9 0001 00000001 a0 cc 0001 00000003")).contains("impossible padding count 3");
        assertThat(malformed("80 c9 0001 00000001 a0 cc 0001 00000008")).contains("impossible padding count 8");
        assertThat(malformed("80 c9 0001 00000001 00")).contains("not a whole number of 32-bit words");
        assertThat(malformed("80c9")).contains("shorter than an RTCP header");
    }

    @Test
    void checksEachPacketBodyAgainstItsCount() {
        assertThat(malformed("81 c8 0006 00000001 0000000000000000 00000000 00000000 00000000"))
                .isEqualTo("packet 1: SR with 1 report blocks needs 48 bytes, has 24");
        assertThat(malformed("82 c9 0001 00000001")).contains("RR with 2 report blocks needs 52 bytes");
        assertThat(malformed("80 c9 0001 00000001 82 ca 0002 00000001 00000000")).contains("SDES chunk 2 of 2 is missing");
        assertThat(malformed("80 c9 0001 00000001 81 ca 0002 00000001 01026162")).contains("no terminating null octet");
        assertThat(malformed("80 c9 0001 00000001 81 ca 0002 00000001 0105 6162")).contains("runs past the end");
        assertThat(malformed("80 c9 0001 00000001 82 cb 0001 00000001")).contains("BYE with 2 sources needs 8 bytes");
        assertThat(malformed("80 c9 0001 00000001 81 cb 0002 00000001 07616263")).contains("BYE reason of 7 bytes");
    }

    @Test
    void ignoresProfileSpecificExtensionsAfterTheReportBlocks() {
        List<RtcpPacket> packets = decoded(Hex.bytes("80 c9 0002 00000001 cafebabe"));

        assertThat(packets).containsExactly(new ReceiverReport(1, List.of()));
    }

    @Test
    void reportsBadBoundsInsteadOfThrowing() {
        assertThat(RtcpCodec.decode(null, 0, 8)).isInstanceOf(RtcpDecodeResult.Malformed.class);
        assertThat(RtcpCodec.decode(RR_BYE, 4, RR_BYE.length)).isInstanceOf(RtcpDecodeResult.Malformed.class);
        assertThat(RtcpCodec.decode(RR_BYE, -4, 8)).isInstanceOf(RtcpDecodeResult.Malformed.class);
        assertThat(RtcpCodec.decode(new byte[RtcpCodec.MAX_COMPOUND_LENGTH + 1], 0, RtcpCodec.MAX_COMPOUND_LENGTH + 1))
                .isInstanceOf(RtcpDecodeResult.Malformed.class);
    }

    @Test
    void decodesFromAnOffset() {
        byte[] buffer = new byte[RR_BYE.length + 8];
        System.arraycopy(RR_BYE, 0, buffer, 8, RR_BYE.length);

        assertThat(RtcpCodec.decode(buffer, 8, RR_BYE.length)).isEqualTo(new RtcpDecodeResult.Decoded(decoded(RR_BYE)));
    }

    @Test
    void survivesTenThousandMutationsAndWhatDecodesReencodesToTheSamePackets() {
        Random random = new Random(35506);
        byte[][] seeds = {SR_SDES, RR_BYE, RR_APP_PADDED};
        int decodedCount = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] input = Mutations.mutate(seeds[round % seeds.length], random);

            RtcpDecodeResult result = RtcpCodec.decode(input, 0, input.length);

            if (result instanceof RtcpDecodeResult.Decoded(List<RtcpPacket> packets)) {
                decodedCount++;
                assertThat(decoded(RtcpCodec.encode(packets))).isEqualTo(packets);
            }
        }
        assertThat(decodedCount).as("some mutations are still valid packets").isBetween(100, Mutations.ROUNDS - 100);
    }

    @Test
    void recordsRefuseValuesTheirFieldsCannotCarry() {
        assertThatThrownBy(() -> new ReportBlock(0, 256, 0, 0, 0, 0, 0)).hasMessageContaining("fraction lost");
        assertThatThrownBy(() -> new ReportBlock(0, 0, ReportBlock.MAX_CUMULATIVE_LOST + 1, 0, 0, 0, 0))
                .hasMessageContaining("24 signed bits");
        assertThatThrownBy(() -> new ReceiverReport(1L << 32, List.of())).hasMessageContaining("SSRC");
        assertThatThrownBy(() -> new SdesItem(0, "x")).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> SdesItem.cname("é".repeat(128))).hasMessageContaining("255 UTF-8 octets");
        assertThatThrownBy(() -> new Bye(List.of(), "x".repeat(256))).hasMessageContaining("255 UTF-8 octets");
        assertThatThrownBy(() -> new UnknownRtcpPacket(204, 0, new byte[3])).hasMessageContaining("32-bit words");
        List<ReportBlock> tooMany = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            tooMany.add(new ReportBlock(i, 0, 0, 0, 0, 0, 0));
        }
        assertThatThrownBy(() -> new ReceiverReport(1, tooMany)).hasMessageContaining("at most 31");
        assertThat(new Bye(List.of(1L), "")).isEqualTo(new Bye(List.of(1L), null));
        assertThat(new UnknownRtcpPacket(204, 1, new byte[4]).toString()).contains("type=204", "00000000");
    }

    private static long u32(Random random) {
        return random.nextLong(0x1_0000_0000L);
    }
}
