package io.peerswitch.endpoint.media.audio;

import java.io.IOException;

/** A stream that is not a WAV file {@link WavFile} can read (RIFF/WAVE, mono PCM 16-bit, µ-law or A-law), with the reason. */
public class WavFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** An exception with the reason as its message. */
    public WavFormatException(String reason) {
        super(reason);
    }
}
