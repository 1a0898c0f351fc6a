package io.peerswitch.endpoint.media.audio;

/**
 * Single-frequency power by the Goertzel algorithm (the DFT at one frequency, the usual detector for
 * the tones of RFC 4733 section 3.2), evaluated at the exact frequency rather than the nearest DFT
 * bin, and a tone detector on top of it that shrugs off G.711 companding noise and silent gaps.
 */
public final class Goertzel {

    /** Smallest share of the signal's power that must lie at the frequency for {@link #detectTone} to say yes. */
    public static final double MIN_TONE_SHARE = 0.25;
    /** Quietest signal (RMS, in 16-bit sample units: about -50 dBFS) in which {@link #detectTone} looks for a tone. */
    public static final double MIN_RMS = 100;

    private Goertzel() {
    }

    /**
     * Power of the component of {@code samples} at {@code frequency}, in squared sample units and
     * scaled so that a sine of peak amplitude A over a whole number of periods gives A²/2, its mean
     * power.
     */
    public static double power(short[] samples, int sampleRate, double frequency) {
        checkFrequency(sampleRate, frequency);
        if (samples.length == 0) {
            return 0;
        }
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (short sample : samples) {
            double current = sample + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double magnitudeSquared = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return 2 * magnitudeSquared / ((double) samples.length * samples.length);
    }

    /** The candidate frequency with the most power in {@code samples}. */
    public static double dominantFrequency(short[] samples, int sampleRate, double[] candidates) {
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no candidate frequencies");
        }
        double best = candidates[0];
        double bestPower = -1;
        for (double candidate : candidates) {
            double power = power(samples, sampleRate, candidate);
            if (power > bestPower) {
                best = candidate;
                bestPower = power;
            }
        }
        return best;
    }

    /**
     * Whether {@code samples} carry a tone at {@code frequency}: the signal is louder than
     * {@link #MIN_RMS} and at least {@link #MIN_TONE_SHARE} of its power lies at that frequency.
     */
    public static boolean detectTone(short[] samples, int sampleRate, double frequency) {
        double meanSquare = meanSquare(samples);
        if (meanSquare < MIN_RMS * MIN_RMS) {
            return false;
        }
        return power(samples, sampleRate, frequency) >= MIN_TONE_SHARE * meanSquare;
    }

    /** Frequencies tried by {@link #tone}: 100 Hz to 3400 Hz (the telephone band) in 10 Hz steps. */
    private static final double[] TELEPHONE_BAND = java.util.stream.IntStream.range(0, 331).mapToDouble(i -> 100 + 10.0 * i).toArray();

    /** The tone {@code samples} carry, to 10 Hz within the telephone band, or null when they carry none (too quiet or no single tone). */
    public static Double tone(short[] samples, int sampleRate) {
        if (meanSquare(samples) < MIN_RMS * MIN_RMS) {
            return null;
        }
        double dominant = dominantFrequency(samples, sampleRate, TELEPHONE_BAND);
        return detectTone(samples, sampleRate, dominant) ? dominant : null;
    }

    /** Mean power of {@code samples} in squared sample units; 0 for none. */
    public static double meanSquare(short[] samples) {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short sample : samples) {
            sum += (double) sample * sample;
        }
        return sum / samples.length;
    }

    private static void checkFrequency(int sampleRate, double frequency) {
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
        if (!(frequency > 0 && frequency <= sampleRate / 2.0)) {
            throw new IllegalArgumentException("frequency must lie between 0 and " + sampleRate / 2 + " Hz, was " + frequency);
        }
    }
}
