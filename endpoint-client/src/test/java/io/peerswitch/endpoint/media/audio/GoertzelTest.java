package io.peerswitch.endpoint.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.codec.Pcma;
import io.peerswitch.endpoint.media.codec.Pcmu;
import io.peerswitch.endpoint.media.rtp.RtpCodec;
import io.peerswitch.endpoint.media.rtp.RtpDecodeResult;
import io.peerswitch.endpoint.media.rtp.RtpPacket;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GoertzelTest {

    private static final int RATE = 8000;
    private static final double[] CANDIDATES = {440, 697, 1000, 1209, 1336, 2000};

    private static short[] throughCodec(AudioCodec codec, short[] pcm) {
        return codec.decode(codec.encode(pcm));
    }

    @Test
    void measuresTheMeanPowerOfASine() {
        short[] tone = ToneGenerator.sine(1000, 0.5, RATE, 800);

        assertThat(Goertzel.power(tone, RATE, 1000)).isCloseTo(16_383.5 * 16_383.5 / 2, withinPercentage(0.1));
        assertThat(Goertzel.meanSquare(tone)).isCloseTo(16_383.5 * 16_383.5 / 2, withinPercentage(0.1));
        assertThat(Goertzel.power(tone, RATE, 440)).isLessThan(Goertzel.power(tone, RATE, 1000) * 1e-3);
        assertThat(Goertzel.power(new short[0], RATE, 440)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCMU", "PCMA"})
    void detects440AndNot1000AfterG711AndViceVersa(String name) {
        AudioCodec codec = AudioCodec.forEncoding(name, RATE).orElseThrow();
        short[] a440 = throughCodec(codec, ToneGenerator.sine(440, 0.3, RATE, 1600));
        short[] a1000 = throughCodec(codec, ToneGenerator.sine(1000, 0.3, RATE, 1600));

        assertThat(Goertzel.detectTone(a440, RATE, 440)).isTrue();
        assertThat(Goertzel.detectTone(a440, RATE, 1000)).isFalse();
        assertThat(Goertzel.detectTone(a1000, RATE, 1000)).isTrue();
        assertThat(Goertzel.detectTone(a1000, RATE, 440)).isFalse();
        assertThat(Goertzel.dominantFrequency(a440, RATE, CANDIDATES)).isEqualTo(440);
        assertThat(Goertzel.dominantFrequency(a1000, RATE, CANDIDATES)).isEqualTo(1000);
    }

    @Test
    void detectsQuietTonesButNotSilenceOrIdleALaw() {
        short[] quiet = throughCodec(Pcmu.INSTANCE, ToneGenerator.sine(440, 0.01, RATE, 1600));
        short[] idleALaw = Pcma.INSTANCE.decode(Pcma.INSTANCE.encode(new short[1600]));

        assertThat(Goertzel.detectTone(quiet, RATE, 440)).isTrue();
        assertThat(Goertzel.detectTone(new short[1600], RATE, 440)).isFalse();
        assertThat(idleALaw).containsOnly(8);
        assertThat(Goertzel.detectTone(idleALaw, RATE, 440)).isFalse();
    }

    @Test
    void detectsBothTonesOfAMixAndATonePartlyLostToGaps() {
        short[] mix = new short[1600];
        short[] a = ToneGenerator.sine(440, 0.3, RATE, 1600);
        short[] b = ToneGenerator.sine(1000, 0.3, RATE, 1600);
        for (int i = 0; i < mix.length; i++) {
            mix[i] = (short) (a[i] + b[i]);
        }
        short[] gappy = ToneGenerator.sine(1000, 0.3, RATE, 1600);
        Arrays.fill(gappy, 320, 960, (short) 0);

        assertThat(Goertzel.detectTone(mix, RATE, 440)).isTrue();
        assertThat(Goertzel.detectTone(mix, RATE, 1000)).isTrue();
        assertThat(Goertzel.detectTone(mix, RATE, 2000)).isFalse();
        assertThat(Goertzel.detectTone(gappy, RATE, 1000)).isTrue();
        assertThat(Goertzel.detectTone(gappy, RATE, 440)).isFalse();
    }

    @Test
    void verifiesTwoWayAudioByFrequencyThroughRtpAndG711() {
        short[] heardByBob = transmit(new ToneGenerator(440, 0.3, RATE), Pcmu.INSTANCE, 0x0A11CEL);
        short[] heardByAlice = transmit(new ToneGenerator(1000, 0.3, RATE), Pcmu.INSTANCE, 0x0B0BL);

        assertThat(Goertzel.detectTone(heardByBob, RATE, 440)).isTrue();
        assertThat(Goertzel.detectTone(heardByBob, RATE, 1000)).isFalse();
        assertThat(Goertzel.detectTone(heardByAlice, RATE, 1000)).isTrue();
        assertThat(Goertzel.detectTone(heardByAlice, RATE, 440)).isFalse();
    }

    @Test
    void refusesFrequenciesOutsideTheBand() {
        assertThatThrownBy(() -> Goertzel.power(new short[1], RATE, 4001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Goertzel.power(new short[1], RATE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Goertzel.dominantFrequency(new short[1], RATE, new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 50 packets of 20 ms: tone -> G.711 -> RTP bytes -> RTP packet -> G.711 -> PCM. */
    private static short[] transmit(ToneGenerator source, AudioCodec codec, long ssrc) {
        int frame = codec.samplesPerFrame(20);
        short[] received = new short[50 * frame];
        byte[] buffer = new byte[RtpCodec.FIXED_HEADER_LENGTH + frame];
        for (int i = 0; i < 50; i++) {
            RtpPacket sent = RtpPacket.of(codec.payloadType(), i, (long) i * frame, ssrc, i == 0, codec.encode(source.next(frame)));
            int length = RtpCodec.encodeInto(sent, buffer, 0);
            RtpPacket arrived = ((RtpDecodeResult.Decoded) RtpCodec.decode(buffer, 0, length)).packet();
            System.arraycopy(codec.decode(arrived.payload()), 0, received, i * frame, frame);
        }
        return received;
    }
}
