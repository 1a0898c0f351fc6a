package io.peerswitch.endpoint.media.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Mono 16-bit linear PCM at a sampling rate: what a WAV file's data chunk holds and what G.711
 * companding (RFC 3551 section 4.5.14) starts from.
 */
public record PcmAudio(int sampleRate, short[] samples) {

    /** Highest sampling rate accepted. */
    public static final int MAX_SAMPLE_RATE = 192_000;

    /** Checks the rate and copies the samples. */
    public PcmAudio {
        if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("sample rate must be 1 to " + MAX_SAMPLE_RATE + " Hz, was " + sampleRate);
        }
        samples = Objects.requireNonNull(samples, "samples").clone();
    }

    /** A copy of the samples. */
    @Override
    public short[] samples() {
        return samples.clone();
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PcmAudio that && sampleRate == that.sampleRate && Arrays.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRate + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + sampleRate + " Hz, " + samples.length + " samples]";
    }
}
