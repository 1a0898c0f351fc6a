package io.peerswitch.endpoint.media.session;

/** Where received call audio goes: 8 kHz 16-bit mono samples as they arrive. */
public interface AudioSink extends AutoCloseable {

    /** Plays or keeps {@code samples}. */
    void write(short[] samples);

    /** Ends the audio (writes a file, drains a device). */
    @Override
    void close();
}
