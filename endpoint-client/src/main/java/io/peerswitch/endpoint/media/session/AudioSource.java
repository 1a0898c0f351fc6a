package io.peerswitch.endpoint.media.session;

/** Where outgoing call audio comes from: 8 kHz 16-bit mono samples, one frame at a time. */
public interface AudioSource extends AutoCloseable {

    /** The next {@code samples} samples; never blocks for long (a device source reads what the card has). */
    short[] next(int samples);

    @Override
    void close();
}
