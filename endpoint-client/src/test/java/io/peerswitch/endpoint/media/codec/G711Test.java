package io.peerswitch.endpoint.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * G.711 against published values, the ITU-T G.191 reference convention and the JDK's own
 * converter ({@code javax.sound.sampled}, no sound card needed).
 *
 * <p>The JDK converter is the old Sun {@code g711.c} and is not bit-exact with G.191 everywhere;
 * the exhaustive comparisons below assert that it matches ours on every input except three
 * precisely described groups: (1) µ-law negative inputs, which the JDK takes by magnitude -x where
 * G.191 takes the one's complement -1-x, so JDK(x) = ours(x - 1); (2) µ-law inputs beyond ±32635,
 * where the JDK's 16-bit bias addition overflows and wraps to near-silence; (3) A-law negative
 * inputs, which the JDK offsets by 8 instead of 1, so JDK(x) = ours(x + 7), and for -7..-1 even
 * produces a code of the wrong magnitude.
 */
class G711Test {

    private static final int ULAW_JDK_CLIP = 32_635;

    private static byte[] jdkEncodeAllInputs(AudioFormat.Encoding target) throws IOException {
        byte[] pcm = new byte[65_536 * 2];
        for (int i = 0; i < 65_536; i++) {
            short sample = (short) (i - 32_768);
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        AudioFormat linear = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), linear, 65_536);
                AudioInputStream out = AudioSystem.getAudioInputStream(target, in)) {
            return out.readAllBytes();
        }
    }

    private static short[] jdkDecodeAllCodes(AudioFormat.Encoding source) throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        AudioFormat companded = new AudioFormat(source, 8000, 8, 1, 1, 8000, false);
        AudioFormat linear = new AudioFormat(8000, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(codes), companded, 256);
                AudioInputStream out = AudioSystem.getAudioInputStream(linear, in)) {
            byte[] bytes = out.readAllBytes();
            short[] samples = new short[256];
            for (int i = 0; i < 256; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xFF) | bytes[2 * i + 1] << 8);
            }
            return samples;
        }
    }

    private static int ulaw(int sample) {
        return Pcmu.compress((short) sample) & 0xFF;
    }

    private static int alaw(int sample) {
        return Pcma.compress((short) sample) & 0xFF;
    }

    @Test
    void compressesKnownValues() {
        assertThat(ulaw(0)).isEqualTo(0xFF);
        assertThat(ulaw(-1)).isEqualTo(0x7F);
        assertThat(ulaw(32_767)).isEqualTo(0x80);
        assertThat(ulaw(-32_768)).isEqualTo(0x00);
        assertThat(alaw(0)).isEqualTo(0xD5);
        assertThat(alaw(-1)).isEqualTo(0x55);
        assertThat(alaw(32_767)).isEqualTo(0xAA);
        assertThat(alaw(-32_768)).isEqualTo(0x2A);
    }

    @Test
    void putsDecisionBoundariesWhereTheG191ReferencePutsThem() {
        // µ-law segment 0 ends at 14-bit magnitude 30: 16-bit 123 is its last input, 124 opens segment 1.
        assertThat(ulaw(123)).isEqualTo(0xF0);
        assertThat(ulaw(124)).isEqualTo(0xEF);
        // negatives by one's complement: -124 is magnitude 123, -125 magnitude 124.
        assertThat(ulaw(-124)).isEqualTo(0x70);
        assertThat(ulaw(-125)).isEqualTo(0x6F);
        // A-law segment 0 covers 13-bit magnitudes 0..31: 16-bit 255 is its last input, 256 opens segment 1.
        assertThat(alaw(255)).isEqualTo(0x80 ^ 0x0F ^ 0x55);
        assertThat(alaw(256)).isEqualTo(0x80 ^ 0x10 ^ 0x55);
        assertThat(alaw(-256)).isEqualTo(0x0F ^ 0x55);
        assertThat(alaw(-257)).isEqualTo(0x10 ^ 0x55);
    }

    @Test
    void expandsKnownValues() {
        assertThat(Pcmu.expand((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(Pcmu.expand((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(Pcmu.expand((byte) 0xEF)).isEqualTo((short) 132);
        assertThat(Pcmu.expand((byte) 0x80)).isEqualTo((short) 32_124);
        assertThat(Pcmu.expand((byte) 0x00)).isEqualTo((short) -32_124);
        assertThat(Pcma.expand((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(Pcma.expand((byte) 0x55)).isEqualTo((short) -8);
        assertThat(Pcma.expand((byte) 0xAA)).isEqualTo((short) 32_256);
        assertThat(Pcma.expand((byte) 0x2A)).isEqualTo((short) -32_256);
    }

    @Test
    void expandsEveryCodeExactlyAsTheJdkDoes() throws IOException {
        short[] ulaw = jdkDecodeAllCodes(AudioFormat.Encoding.ULAW);
        short[] alaw = jdkDecodeAllCodes(AudioFormat.Encoding.ALAW);

        for (int code = 0; code < 256; code++) {
            assertThat(Pcmu.expand((byte) code)).as("µ-law code %02x", code).isEqualTo(ulaw[code]);
            assertThat(Pcma.expand((byte) code)).as("A-law code %02x", code).isEqualTo(alaw[code]);
        }
    }

    @Test
    void compressesAllInputsLikeTheJdkApartFromItsDocumentedDeviationsForMuLaw() throws IOException {
        byte[] jdk = jdkEncodeAllInputs(AudioFormat.Encoding.ULAW);
        int identical = 0;
        int boundary = 0;

        for (int sample = -32_768; sample <= 32_767; sample++) {
            int theirs = jdk[sample + 32_768] & 0xFF;
            if (sample > ULAW_JDK_CLIP || sample < -ULAW_JDK_CLIP) {
                assertThat(ulaw(sample)).as("input %d saturates", sample).isEqualTo(sample > 0 ? 0x80 : 0x00);
                assertThat(theirs).as("the JDK overflows at %d", sample).isNotEqualTo(ulaw(sample));
            } else if (sample < 0) {
                assertThat(theirs).as("input %d", sample).isEqualTo(ulaw(sample - 1));
                if (theirs != ulaw(sample)) {
                    boundary++;
                }
            } else {
                assertThat(ulaw(sample)).as("input %d", sample).isEqualTo(theirs);
            }
            if (ulaw(sample) == theirs) {
                identical++;
            }
        }

        assertThat(boundary).as("one negative input per decision boundary").isEqualTo(127);
        assertThat(identical).isEqualTo(65_536 - 127 - 133 - 132);
    }

    @Test
    void compressesAllInputsLikeTheJdkApartFromItsDocumentedDeviationsForALaw() throws IOException {
        byte[] jdk = jdkEncodeAllInputs(AudioFormat.Encoding.ALAW);
        int identical = 0;

        for (int sample = -32_768; sample <= 32_767; sample++) {
            int theirs = jdk[sample + 32_768] & 0xFF;
            if (sample >= 0) {
                assertThat(alaw(sample)).as("input %d", sample).isEqualTo(theirs);
            } else if (sample >= -7) {
                assertThat(alaw(sample)).as("input %d is the smallest negative level", sample).isEqualTo(0x55);
            } else {
                assertThat(theirs).as("input %d", sample).isEqualTo(alaw(sample + 7));
            }
            if (alaw(sample) == theirs) {
                identical++;
            }
        }

        assertThat(identical).as("7 inputs per negative boundary and -7..-1 differ").isEqualTo(65_536 - 127 * 7 - 7);
    }

    @Test
    void isSymmetricAboutMinusHalfAndMonotonic() {
        int previousU = Integer.MIN_VALUE;
        int previousA = Integer.MIN_VALUE;
        for (int sample = -32_768; sample <= 32_767; sample++) {
            assertThat(ulaw(~sample)).isEqualTo(ulaw(sample) ^ 0x80);
            assertThat(alaw(~sample)).isEqualTo(alaw(sample) ^ 0x80);
            int u = Pcmu.expand((byte) ulaw(sample));
            int a = Pcma.expand((byte) alaw(sample));
            assertThat(u).isGreaterThanOrEqualTo(previousU);
            assertThat(a).isGreaterThanOrEqualTo(previousA);
            previousU = u;
            previousA = a;
        }
    }

    @Test
    void reencodesEveryDecodedCodeToItself() {
        for (int code = 0; code < 256; code++) {
            int expectedU = code == 0x7F ? 0xFF : code;
            assertThat(ulaw(Pcmu.expand((byte) code))).as("µ-law %02x (negative zero becomes positive zero)", code)
                    .isEqualTo(expectedU);
            assertThat(alaw(Pcma.expand((byte) code))).as("A-law %02x", code).isEqualTo(code);
        }
    }
}
