package io.peerswitch.endpoint.media.dtmf;

/**
 * Pure codec for the telephone-event payload (RFC 4733 section 2.3): event (8 bits), E bit,
 * reserved bit, volume (6 bits), duration (16 bits). {@link #decode} never throws.
 */
public final class TelephoneEventCodec {

    /** Length of one event payload. */
    public static final int PAYLOAD_LENGTH = 4;

    private TelephoneEventCodec() {
    }

    /** Decodes the payload of {@code len} bytes at {@code off}; the reserved bit is ignored, as section 2.3 asks. */
    public static DtmfDecodeResult decode(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new DtmfDecodeResult.Malformed("offset and length lie outside the buffer");
        }
        if (len != PAYLOAD_LENGTH) {
            return new DtmfDecodeResult.Malformed("telephone-event payload is " + PAYLOAD_LENGTH + " bytes, got " + len);
        }
        int event = buf[off] & 0xFF;
        if (event > DtmfEvent.MAX_EVENT) {
            return new DtmfDecodeResult.Malformed("event " + event + " is not a DTMF digit (RFC 4733 section 3.2)");
        }
        int flags = buf[off + 1] & 0xFF;
        int duration = (buf[off + 2] & 0xFF) << 8 | buf[off + 3] & 0xFF;
        return new DtmfDecodeResult.Decoded(new DtmfEvent(event, (flags & 0x80) != 0, flags & 0x3F, duration));
    }

    /** The 4-byte payload of {@code event}, with the reserved bit clear. */
    public static byte[] encode(DtmfEvent event) {
        return new byte[] {
            (byte) event.event(),
            (byte) ((event.end() ? 0x80 : 0) | event.volume()),
            (byte) (event.duration() >>> 8),
            (byte) event.duration()
        };
    }
}
