package io.peerswitch.endpoint.media.session;

import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.Resampler;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.audio.WavFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Builds audio sources and sinks from the configuration: a tone, a WAV file (looped as a source, written
 * per call as a sink), the sound card through javax.sound, or silence. Without a sound card a device
 * source is silent and a device sink discards, with one log line saying so.
 */
public final class AudioDevices {

    private static final Logger LOG = Logger.getLogger(AudioDevices.class.getName());
    /** The sample rate of call audio (G.711). */
    public static final int RATE = 8000;
    /** Amplitude of generated tones as a fraction of full scale: -12 dBFS, loud enough to survive G.711 and be detected. */
    public static final double TONE_AMPLITUDE = 0.25;
    private static final AudioFormat FORMAT = new AudioFormat(RATE, 16, 1, true, false);

    private AudioDevices() {
    }

    /** The source {@code spec} describes. */
    public static AudioSource source(AudioSpec spec) throws IOException {
        return switch (spec) {
            case AudioSpec.Tone tone -> tone(tone.hertz());
            case AudioSpec.Wav wav -> wavSource(wav.file());
            case AudioSpec.Device device -> deviceSource();
            case AudioSpec.None none -> silence();
        };
    }

    /** The sink {@code spec} describes; {@code callId} names the WAV file of this call. */
    public static AudioSink sink(AudioSpec spec, String callId) {
        return switch (spec) {
            case AudioSpec.Wav wav -> wavSink(perCall(wav.file(), callId));
            case AudioSpec.Device device -> deviceSink();
            case AudioSpec.Tone tone -> discard();
            case AudioSpec.None none -> discard();
        };
    }

    /** A sine tone of {@code hertz}. */
    public static AudioSource tone(double hertz) {
        ToneGenerator generator = new ToneGenerator(hertz, TONE_AMPLITUDE, RATE);
        return new AudioSource() {
            @Override
            public synchronized short[] next(int samples) {
                return generator.next(samples);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Silence. */
    public static AudioSource silence() {
        return new AudioSource() {
            @Override
            public short[] next(int samples) {
                return new short[samples];
            }

            @Override
            public void close() {
            }
        };
    }

    /** A WAV file, resampled to 8 kHz, played in a loop. */
    public static AudioSource wavSource(Path file) throws IOException {
        PcmAudio audio;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            audio = Resampler.toNarrowband(WavFile.read(in));
        }
        short[] samples = audio.samples();
        if (samples.length == 0) {
            throw new IOException(file + " holds no audio");
        }
        return new AudioSource() {
            private int position;

            @Override
            public synchronized short[] next(int count) {
                short[] out = new short[count];
                for (int i = 0; i < count; i++) {
                    out[i] = samples[position];
                    position = (position + 1) % samples.length;
                }
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Discards everything. */
    public static AudioSink discard() {
        return new AudioSink() {
            @Override
            public void write(short[] samples) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Collects the call's audio and writes it to {@code file} when the call ends. */
    public static AudioSink wavSink(Path file) {
        return new AudioSink() {
            private short[] buffer = new short[RATE * 10];
            private int length;

            @Override
            public synchronized void write(short[] samples) {
                if (length + samples.length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + samples.length));
                }
                System.arraycopy(samples, 0, buffer, length, samples.length);
                length += samples.length;
            }

            @Override
            public synchronized void close() {
                try {
                    if (file.getParent() != null) {
                        Files.createDirectories(file.getParent());
                    }
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                        WavFile.write(new PcmAudio(RATE, Arrays.copyOf(buffer, length)), out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
            }
        };
    }

    /** The sound card's microphone, or silence when there is none. */
    public static AudioSource deviceSource() {
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(FORMAT);
            line.open(FORMAT, RATE / 5 * 2);
            line.start();
            return new AudioSource() {
                @Override
                public short[] next(int samples) {
                    byte[] bytes = new byte[samples * 2];
                    int read = line.read(bytes, 0, Math.min(bytes.length, Math.max(0, line.available() & ~1)));
                    short[] out = new short[samples];
                    for (int i = 0; i < read / 2; i++) {
                        out[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
                    }
                    return out;
                }

                @Override
                public void close() {
                    line.close();
                }
            };
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.info(() -> "no sound card to record from (" + e.getMessage() + "); sending silence");
            return silence();
        }
    }

    /** The sound card's speaker, or nothing when there is none. */
    public static AudioSink deviceSink() {
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT);
            line.open(FORMAT, RATE / 5 * 2);
            line.start();
            return new AudioSink() {
                @Override
                public void write(short[] samples) {
                    byte[] bytes = new byte[samples.length * 2];
                    for (int i = 0; i < samples.length; i++) {
                        bytes[2 * i] = (byte) samples[i];
                        bytes[2 * i + 1] = (byte) (samples[i] >> 8);
                    }
                    line.write(bytes, 0, Math.min(bytes.length, line.available() & ~1));
                }

                @Override
                public void close() {
                    line.drain();
                    line.close();
                }
            };
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.info(() -> "no sound card to play to (" + e.getMessage() + "); discarding received audio");
            return discard();
        }
    }

    /** {@code received.wav} for call {@code 3} becomes {@code received-3.wav}. */
    static Path perCall(Path file, String callId) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".wav";
        return file.resolveSibling(stem + "-" + callId + ext);
    }
}
