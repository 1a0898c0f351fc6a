package io.peerswitch.endpoint.media.audio;

/**
 * A sine tone source, the signal that proves two-way audio when each direction sends its own
 * frequency through G.711 (RFC 3551 section 4.5.14); keeps its phase between calls, so frames of
 * any size join without clicks, and reads no clock.
 */
public final class ToneGenerator {

    private static final double TWO_PI = 2 * Math.PI;

    private final double amplitude;
    private final double phaseStep;
    private double phase;

    /**
     * A generator at phase zero.
     *
     * @param frequency   in Hz, above 0 and below half the sampling rate
     * @param amplitude   peak as a fraction of full scale, 0 to 1
     * @param sampleRate  in Hz
     */
    public ToneGenerator(double frequency, double amplitude, int sampleRate) {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
        if (!(frequency > 0 && frequency < sampleRate / 2.0)) {
            throw new IllegalArgumentException("frequency must lie between 0 and " + sampleRate / 2 + " Hz, was " + frequency);
        }
        if (!(amplitude >= 0 && amplitude <= 1)) {
            throw new IllegalArgumentException("amplitude must be 0 to 1, was " + amplitude);
        }
        this.amplitude = amplitude * Short.MAX_VALUE;
        this.phaseStep = TWO_PI * frequency / sampleRate;
    }

    /** {@code count} samples of a tone starting at phase zero. */
    public static short[] sine(double frequency, double amplitude, int sampleRate, int count) {
        return new ToneGenerator(frequency, amplitude, sampleRate).next(count);
    }

    /** The next {@code count} samples, continuing where the previous call stopped. */
    public short[] next(int count) {
        short[] samples = new short[count];
        for (int i = 0; i < count; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += phaseStep;
            if (phase >= TWO_PI) {
                phase -= TWO_PI;
            }
        }
        return samples;
    }
}
