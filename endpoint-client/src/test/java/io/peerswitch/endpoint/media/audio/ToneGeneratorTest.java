package io.peerswitch.endpoint.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToneGeneratorTest {

    @Test
    void generatesASineOfTheRequestedFrequencyAndAmplitude() {
        short[] samples = ToneGenerator.sine(1000, 0.5, 8000, 8);

        for (int n = 0; n < samples.length; n++) {
            double expected = 0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 1000 * n / 8000);
            assertThat((double) samples[n]).isCloseTo(expected, within(1.0));
        }
        assertThat(samples[2]).isEqualTo((short) 16_384);
        assertThat(samples[6]).isEqualTo((short) -16_383);
    }

    @Test
    void continuesThePhaseAcrossCalls() {
        ToneGenerator generator = new ToneGenerator(440, 0.9, 8000);
        short[] first = generator.next(160);
        short[] second = generator.next(137);
        short[] whole = ToneGenerator.sine(440, 0.9, 8000, 297);

        for (int i = 0; i < 160; i++) {
            assertThat(first[i]).isEqualTo(whole[i]);
        }
        for (int i = 0; i < 137; i++) {
            assertThat((int) second[i]).isCloseTo(whole[160 + i], within(1));
        }
    }

    @Test
    void refusesToneItCannotRepresent() {
        assertThatThrownBy(() -> new ToneGenerator(4000, 0.5, 8000)).hasMessageContaining("frequency");
        assertThatThrownBy(() -> new ToneGenerator(0, 0.5, 8000)).hasMessageContaining("frequency");
        assertThatThrownBy(() -> new ToneGenerator(440, 1.5, 8000)).hasMessageContaining("amplitude");
        assertThatThrownBy(() -> new ToneGenerator(440, Double.NaN, 8000)).hasMessageContaining("amplitude");
        assertThatThrownBy(() -> new ToneGenerator(440, 0.5, 0)).hasMessageContaining("sample rate");
    }
}
