package io.peerswitch.endpoint.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static final double[] CANDIDATES = {300, 440, 697, 1000, 1336, 2000, 3000};

    @ParameterizedTest
    @ValueSource(ints = {16_000, 44_100, 48_000})
    void bringsCommonRatesToEightKilohertzAndKeepsTheTone(int sourceRate) {
        PcmAudio source = new PcmAudio(sourceRate, ToneGenerator.sine(1000, 0.5, sourceRate, sourceRate));

        PcmAudio narrowband = Resampler.toNarrowband(source);

        assertThat(narrowband.sampleRate()).isEqualTo(8000);
        assertThat(narrowband.length()).isEqualTo(8000);
        short[] samples = narrowband.samples();
        assertThat(Goertzel.dominantFrequency(samples, 8000, CANDIDATES)).isEqualTo(1000);
        assertThat(Goertzel.detectTone(samples, 8000, 1000)).isTrue();
        assertThat(Goertzel.power(samples, 8000, 1000)).isCloseTo(16_383.5 * 16_383.5 / 2, withinPercentage(3));
    }

    @Test
    void interpolatesLinearlyBetweenNeighbours() {
        PcmAudio up = Resampler.resample(new PcmAudio(8000, new short[] {0, 100, -100}), 16_000);
        PcmAudio down = Resampler.resample(new PcmAudio(24_000, new short[] {0, 10, 20, 30, 40, 50, 60}), 8000);
        PcmAudio thirds = Resampler.resample(new PcmAudio(3, new short[] {0, 3, 6}), 9);

        assertThat(up.samples()).containsExactly(0, 50, 100, 0, -100, -100);
        assertThat(down.samples()).containsExactly(0, 30);
        assertThat(thirds.samples()).containsExactly(0, 1, 2, 3, 4, 5, 6, 6, 6);
    }

    @Test
    void keepsAudioAlreadyAtTheTargetRate() {
        PcmAudio audio = new PcmAudio(8000, new short[] {1, 2, 3});

        assertThat(Resampler.toNarrowband(audio)).isSameAs(audio);
        assertThat(Resampler.resample(new PcmAudio(44_100, new short[0]), 8000).length()).isZero();
        assertThatThrownBy(() -> Resampler.resample(audio, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
