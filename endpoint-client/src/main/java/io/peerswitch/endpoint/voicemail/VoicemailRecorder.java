package io.peerswitch.endpoint.voicemail;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.session.AudioSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Records a voicemail at the caller's endpoint (claim 2: "recording a voicemail for the second endpoint at
 * the first endpoint"): 20 ms frames taken from an audio source in real time on the loop's timer, as a call
 * would send them, until the length is reached.
 */
public final class VoicemailRecorder {

    /** The sample rate of recordings (G.711). */
    public static final int RATE = 8000;
    /** One frame: 20 ms. */
    public static final Duration FRAME = Duration.ofMillis(20);
    private static final int FRAME_SAMPLES = RATE / 50;

    private VoicemailRecorder() {
    }

    /** Records {@code length} of {@code source} (closed at the end); completes on the loop with the audio. */
    public static CompletableFuture<PcmAudio> record(EventLoop loop, AudioSource source, Duration length) {
        int frames = (int) Math.max(1, length.toMillis() / FRAME.toMillis());
        short[] samples = new short[frames * FRAME_SAMPLES];
        CompletableFuture<PcmAudio> done = new CompletableFuture<>();
        new Object() {
            int taken;

            void next() {
                try {
                    short[] frame = source.next(FRAME_SAMPLES);
                    System.arraycopy(frame, 0, samples, taken * FRAME_SAMPLES, Math.min(frame.length, FRAME_SAMPLES));
                } catch (RuntimeException e) {
                    source.close();
                    done.completeExceptionally(e);
                    return;
                }
                if (++taken == frames) {
                    source.close();
                    done.complete(new PcmAudio(RATE, samples));
                } else {
                    loop.schedule(FRAME, this::next);
                }
            }
        }.next();
        return done;
    }
}
