package io.peerswitch.endpoint.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.peerswitch.endpoint.media.codec.Pcma;
import io.peerswitch.endpoint.media.codec.Pcmu;
import io.peerswitch.endpoint.testing.Hex;
import io.peerswitch.endpoint.testing.Mutations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WavFileTest {

    private static PcmAudio read(byte[] bytes) throws IOException {
        return WavFile.read(new ByteArrayInputStream(bytes));
    }

    private static byte[] written(PcmAudio audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavFile.write(audio, out);
        return out.toByteArray();
    }

    private static String refused(String annotatedHex) {
        WavFormatException e = assertThrows(WavFormatException.class,
                () -> read(Hex.bytes(annotatedHex)));
        return e.getMessage();
    }

    @Test
    void writesTheCanonicalFortyFourByteHeader() throws IOException {
        byte[] bytes = written(new PcmAudio(8000, new short[] {1, -2}));

        assertThat(bytes).isEqualTo(Hex.bytes("""
                52494646 28000000 57415645   # "RIFF", 36 + 4 data bytes follow, "WAVE"
                666d7420 10000000            # "fmt ", 16 bytes
                0100 0100                    # PCM, mono
                401f0000 803e0000            # 8000 Hz, 16000 bytes/s
                0200 1000                    # block align 2, 16 bits
                64617461 04000000            # "data", 4 bytes
                0100 feff                    # samples 1, -2 little-endian
                """));
    }

    @Test
    void roundTripsPcm() throws IOException {
        short[] samples = ToneGenerator.sine(440, 0.8, 16_000, 16_000);
        PcmAudio audio = new PcmAudio(16_000, samples);

        assertThat(read(written(audio))).isEqualTo(audio);
    }

    @Test
    void readsMuLawAndALawFilesAndSkipsOtherChunksWithTheirPadByte() throws IOException {
        byte[] codes = {(byte) 0xFF, (byte) 0x80, 0x00, 0x7F, (byte) 0xEF};
        String lawFile = """
                52494646 00000000 57415645   # RIFF size left 0: readers must not trust it
                666d7420 12000000            # "fmt ", 18 bytes (WAVEFORMATEX with cbSize)
                %s 0100                      # format tag, mono
                401f0000 401f0000            # 8000 Hz, 8000 bytes/s
                0100 0800 0000               # block align 1, 8 bits, cbSize 0
                66616374 04000000 05000000   # "fact" chunk: 5 samples
                4c495354 03000000 616263 00  # "LIST", 3 bytes + pad byte
                64617461 05000000            # "data", 5 bytes
                ff80007fef
                """;

        PcmAudio ulaw = read(Hex.bytes(lawFile.formatted("0700")));
        PcmAudio alaw = read(Hex.bytes(lawFile.formatted("0600")));

        assertThat(ulaw).isEqualTo(new PcmAudio(8000, Pcmu.INSTANCE.decode(codes)));
        assertThat(alaw).isEqualTo(new PcmAudio(8000, Pcma.INSTANCE.decode(codes)));
    }

    @Test
    void readsWaveFormatExtensibleWithAPcmSubFormat() throws IOException {
        PcmAudio audio = read(Hex.bytes("""
                52494646 00000000 57415645
                666d7420 28000000            # "fmt ", 40 bytes
                feff 0100 80bb0000 00770100  # EXTENSIBLE, mono, 48000 Hz, 96000 bytes/s
                0200 1000 1600 1000          # block align 2, 16 bits, cbSize 22, valid bits 16
                04000000                     # channel mask: front centre
                0100 0000 0000 1000 8000 00aa00389b71   # KSDATAFORMAT_SUBTYPE_PCM
                64617461 04000000 ff7f 0080
                """));

        assertThat(audio).isEqualTo(new PcmAudio(48_000, new short[] {32_767, -32_768}));
    }

    @Test
    void readsWhatIsThereWhenTheDataChunkIsCutShort() throws IOException {
        byte[] full = written(new PcmAudio(8000, new short[] {1, 2, 3, 4, 5}));

        assertThat(read(Arrays.copyOf(full, full.length - 4)).samples()).containsExactly(1, 2, 3);
        assertThat(read(Arrays.copyOf(full, full.length - 3)).samples()).as("odd byte dropped").containsExactly(1, 2, 3);
        assertThat(read(Arrays.copyOf(full, WavFile.HEADER_LENGTH)).samples()).isEmpty();
    }

    @Test
    void readsOnlyUpToTheEndOfTheDataChunk() throws IOException {
        byte[] file = written(new PcmAudio(8000, new short[] {7, 8}));
        byte[] withTrailer = Arrays.copyOf(file, file.length + 12);
        System.arraycopy(Hex.bytes("4c495354 04000000 01020304"), 0, withTrailer, file.length, 12);

        assertThat(read(withTrailer).samples()).containsExactly(7, 8);
    }

    @Test
    void explainsWhatItCannotRead() {
        String header = "52494646 00000000 57415645 666d7420 10000000 ";
        assertThat(refused("52494646 00000000 41564920")).isEqualTo("not a RIFF/WAVE file");
        assertThat(refused("5249")).isEqualTo("not a RIFF/WAVE file");
        assertThat(refused(header + "0100 0200 401f0000 003e0000 0400 1000")).isEqualTo("2 channels; only mono is supported");
        assertThat(refused(header + "0100 0100 401f0000 401f0000 0100 0800")).isEqualTo("8 bits per sample; this format needs 16");
        assertThat(refused(header + "0100 0100 401f0000 00770100 0300 1800")).isEqualTo("24 bits per sample; this format needs 16");
        assertThat(refused(header + "0300 0100 401f0000 007d0000 0400 2000")).contains("format tag 0x3 is not PCM");
        assertThat(refused(header + "0700 0100 401f0000 803e0000 0200 1000")).isEqualTo("16 bits per sample; this format needs 8");
        assertThat(refused(header + "0100 0100 00000000 00000000 0200 1000")).isEqualTo("sample rate 0 Hz");
        assertThat(refused(header + "0100 0100 401f0000 803e0000 0200 1000")).isEqualTo("no data chunk");
        assertThat(refused("52494646 00000000 57415645 64617461 00000000")).isEqualTo("data chunk before the fmt chunk");
        assertThat(refused("52494646 00000000 57415645 666d7420 0e000000 0100")).isEqualTo("fmt chunk of 14 bytes");
        assertThat(refused("52494646 00000000 57415645 666d7420 10000000 0100")).isEqualTo("fmt chunk cut short");
        assertThat(refused("52494646 00000000 57415645 4c495354 10000000 0100")).contains("ends inside a chunk");
        assertThat(refused("52494646 00000000 57415645")).isEqualTo("no fmt chunk");
        assertThat(refused("52494646 00000000 57415645 666d7420 28000000 feff 0100 401f0000 803e0000 0200 1000 1600 1000"
                + " 04000000 0300 0000 0000 1000 8000 00aa00389b71")).contains("format tag 0x3");
        assertThat(refused("52494646 00000000 57415645 666d7420 28000000 feff 0100 401f0000 803e0000 0200 1000 1600 1000"
                + " 04000000 0100 0000 0000 1000 8000 00aa00389b72")).contains("without a known sub-format");
    }

    @Test
    void survivesTenThousandMutationsWithOnlyWavFormatErrors() throws IOException {
        Random random = new Random(2361);
        byte[] seed = written(new PcmAudio(8000, new short[] {1, 2, 3, 4}));
        int readable = 0;
        for (int round = 0; round < Mutations.ROUNDS; round++) {
            byte[] input = Mutations.mutate(seed, random);
            try {
                read(input);
                readable++;
            } catch (WavFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(readable).isBetween(100, Mutations.ROUNDS - 100);
    }

    @Test
    void copiesSamplesInAndOut() {
        short[] samples = {1, 2};
        PcmAudio audio = new PcmAudio(8000, samples);
        samples[0] = 9;
        audio.samples()[1] = 9;

        assertThat(audio.samples()).containsExactly(1, 2);
        assertThat(audio.length()).isEqualTo(2);
        assertThat(audio).hasToString("PcmAudio[8000 Hz, 2 samples]");
        assertThatThrownBy(() -> new PcmAudio(0, new short[0])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] writtenMulaw(PcmAudio audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavFile.writeMulaw(audio, out);
        return out.toByteArray();
    }

    @Test
    void writesMuLawWithAnEighteenByteFmtChunkAFactChunkAndAPadByteAfterAnOddDataChunk() throws IOException {
        byte[] bytes = writtenMulaw(new PcmAudio(8000, new short[] {0, -1, 32_767}));

        assertThat(bytes).isEqualTo(Hex.bytes("""
                52494646 36000000 57415645   # "RIFF", 50 + 3 data bytes + 1 pad byte follow, "WAVE"
                666d7420 12000000            # "fmt ", 18 bytes
                0700 0100                    # µ-law, mono
                401f0000 401f0000            # 8000 Hz, 8000 bytes/s
                0100 0800 0000               # block align 1, 8 bits, cbSize 0
                66616374 04000000 03000000   # "fact", 4 bytes: 3 samples
                64617461 03000000            # "data", 3 bytes
                ff 7f 80                     # G.711 codes of 0, -1 and 32767
                00                           # pad byte to an even chunk length
                """));
        assertThat(bytes).hasSize(WavFile.MULAW_HEADER_LENGTH + 3 + 1);
    }

    @Test
    void anEvenMuLawDataChunkHasNoPadByteAndTheRatesFollowTheAudio() throws IOException {
        byte[] bytes = writtenMulaw(new PcmAudio(16_000, new short[] {0, 0}));
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes).hasSize(WavFile.MULAW_HEADER_LENGTH + 2);
        assertThat(header.getInt(4)).as("RIFF size").isEqualTo(bytes.length - 8);
        assertThat(header.getShort(20)).as("format tag").isEqualTo((short) 7);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(16_000);
        assertThat(header.getInt(28)).as("byte rate").isEqualTo(16_000);
        assertThat(header.getShort(32)).as("block align").isEqualTo((short) 1);
        assertThat(header.getInt(46)).as("fact: samples").isEqualTo(2);
        assertThat(header.getInt(54)).as("data length").isEqualTo(2);
    }

    @Test
    void aMuLawFileReadsBackAsTheG711DecodingOfItsSamples() throws IOException {
        for (int count : new int[] {0, 1, 8000, 8001}) {
            short[] samples = new ToneGenerator(440, 0.9, 8000).next(count);

            PcmAudio back = read(writtenMulaw(new PcmAudio(8000, samples)));

            assertThat(back).isEqualTo(new PcmAudio(8000, Pcmu.INSTANCE.decode(Pcmu.INSTANCE.encode(samples))));
        }
    }
}
