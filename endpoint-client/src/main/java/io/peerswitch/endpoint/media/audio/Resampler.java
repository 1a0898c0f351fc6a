package io.peerswitch.endpoint.media.audio;

/**
 * Converts PCM between sampling rates by linear interpolation, chiefly to the 8000 Hz clock of
 * PCMU and PCMA (RFC 3551 table 4) from the 16, 44.1 and 48 kHz of recorded prompts. It applies no
 * anti-aliasing filter, so content above the target's Nyquist frequency folds back: good enough for
 * speech prompts and tones below 4 kHz, not for music.
 */
public final class Resampler {

    /** The sampling rate of G.711 and of the telephone band. */
    public static final int NARROWBAND_RATE = 8000;

    private Resampler() {
    }

    /** {@code audio} at 8000 Hz. */
    public static PcmAudio toNarrowband(PcmAudio audio) {
        return resample(audio, NARROWBAND_RATE);
    }

    /**
     * {@code audio} at {@code targetRate}: output sample i lies at input position
     * {@code i * sourceRate / targetRate}, interpolated between its two neighbours; the output has
     * {@code floor(length * targetRate / sourceRate)} samples.
     */
    public static PcmAudio resample(PcmAudio audio, int targetRate) {
        if (targetRate < 1 || targetRate > PcmAudio.MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("target rate must be 1 to " + PcmAudio.MAX_SAMPLE_RATE + " Hz, was " + targetRate);
        }
        int sourceRate = audio.sampleRate();
        if (sourceRate == targetRate) {
            return audio;
        }
        short[] in = audio.samples();
        int length = (int) ((long) in.length * targetRate / sourceRate);
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            long position = (long) i * sourceRate;
            int index = (int) (position / targetRate);
            long fraction = position % targetRate;
            int left = in[index];
            int right = index + 1 < in.length ? in[index + 1] : left;
            out[i] = (short) Math.round((left * (double) (targetRate - fraction) + right * (double) fraction) / targetRate);
        }
        return new PcmAudio(targetRate, out);
    }
}
