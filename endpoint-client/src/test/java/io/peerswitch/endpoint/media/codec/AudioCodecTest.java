package io.peerswitch.endpoint.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioCodecTest {

    @Test
    void hasTheStaticPayloadTypesOfRfc3551() {
        assertThat(Pcmu.INSTANCE.payloadType()).isZero();
        assertThat(Pcma.INSTANCE.payloadType()).isEqualTo(8);
        assertThat(AudioCodec.all()).extracting(AudioCodec::encodingName).containsExactly("PCMU", "PCMA");
        assertThat(AudioCodec.all()).extracting(AudioCodec::sampleRate).containsOnly(8000);
        assertThat(AudioCodec.forPayloadType(0)).contains(Pcmu.INSTANCE);
        assertThat(AudioCodec.forPayloadType(8)).contains(Pcma.INSTANCE);
        assertThat(AudioCodec.forPayloadType(3)).isEmpty();
    }

    @Test
    void findsCodecsByRtpmapNameWithoutCase() {
        assertThat(AudioCodec.forEncoding("pcmu", 8000)).contains(Pcmu.INSTANCE);
        assertThat(AudioCodec.forEncoding("PCMA", 8000)).contains(Pcma.INSTANCE);
        assertThat(AudioCodec.forEncoding("PCMU", 16000)).isEmpty();
        assertThat(AudioCodec.forEncoding("opus", 48000)).isEmpty();
    }

    @Test
    void framesTwentyMillisecondsAsOneHundredSixtySamples() {
        assertThat(Pcmu.INSTANCE.samplesPerFrame(20)).isEqualTo(160);
        assertThat(Pcma.INSTANCE.samplesPerFrame(30)).isEqualTo(240);
        assertThatThrownBy(() -> Pcmu.INSTANCE.samplesPerFrame(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pcmu.INSTANCE.samplesPerFrame(AudioCodec.MAX_PTIME_MILLIS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cutsAudioIntoFramesAndFillsTheLastWithSilence() {
        short[] pcm = new short[350];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (i + 1);
        }

        List<short[]> frames = Pcmu.INSTANCE.frames(pcm, 20);

        assertThat(frames).hasSize(3).allSatisfy(frame -> assertThat(frame).hasSize(160));
        assertThat(frames.get(1)[0]).isEqualTo((short) 161);
        assertThat(frames.get(2)[29]).isEqualTo((short) 350);
        assertThat(frames.get(2)[30]).isZero();
        assertThat(Pcmu.INSTANCE.frames(new short[0], 20)).isEmpty();
    }

    @Test
    void encodesAndDecodesArraysSampleBySample() {
        short[] pcm = {0, -1, 1000, -1000, 32_767, -32_768};

        byte[] ulaw = Pcmu.INSTANCE.encode(pcm);
        byte[] alaw = Pcma.INSTANCE.encode(pcm);

        assertThat(ulaw).hasSize(pcm.length);
        assertThat(Pcmu.INSTANCE.decode(ulaw)).containsExactly(0, 0, 988, -988, 32_124, -32_124);
        assertThat(Pcma.INSTANCE.decode(alaw)).containsExactly(8, -8, 1008, -1008, 32_256, -32_256);
        assertThat(Pcmu.INSTANCE).hasToString("PCMU/8000");
    }
}
