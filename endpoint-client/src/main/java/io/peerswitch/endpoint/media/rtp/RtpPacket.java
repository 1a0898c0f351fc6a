package io.peerswitch.endpoint.media.rtp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One RTP data packet (RFC 3550 section 5.1); the version is always 2, the padding (P) bit is set
 * exactly when {@code paddingLength > 0}, and the extension (X) bit exactly when {@code extension}
 * is not {@code null}.
 *
 * @param marker         the M bit (for audio: the first packet of a talkspurt, RFC 3551 section 4.1)
 * @param payloadType    0 to 127
 * @param sequenceNumber 0 to 65535
 * @param timestamp      unsigned 32-bit sampling instant
 * @param ssrc           unsigned 32-bit synchronisation source
 * @param csrcs          at most {@link #MAX_CSRC_COUNT} unsigned 32-bit contributing sources
 * @param extension      the header extension, or {@code null} when there is none
 * @param payload        the payload (copied on the way in and out)
 * @param paddingLength  0 for no padding, else 1 to 255 octets of padding including the count octet
 */
public record RtpPacket(
        boolean marker,
        int payloadType,
        int sequenceNumber,
        long timestamp,
        long ssrc,
        List<Long> csrcs,
        RtpHeaderExtension extension,
        byte[] payload,
        int paddingLength) {

    /** The only RTP version there is (RFC 3550 section 5.1). */
    public static final int VERSION = 2;
    /** The CC field has four bits. */
    public static final int MAX_CSRC_COUNT = 15;
    /** The padding count is one octet. */
    public static final int MAX_PADDING_LENGTH = 255;
    /** Largest sequence number; they wrap to 0 after it. */
    public static final int MAX_SEQUENCE_NUMBER = 0xFFFF;
    /** Largest payload type (7 bits). */
    public static final int MAX_PAYLOAD_TYPE = 127;

    private static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

    /** Checks every field's range and copies the lists and the payload. */
    public RtpPacket {
        if (payloadType < 0 || payloadType > MAX_PAYLOAD_TYPE) {
            throw new IllegalArgumentException("payload type must be 0 to 127, was " + payloadType);
        }
        if (sequenceNumber < 0 || sequenceNumber > MAX_SEQUENCE_NUMBER) {
            throw new IllegalArgumentException("sequence number must be 0 to 65535, was " + sequenceNumber);
        }
        unsigned32(timestamp, "timestamp");
        unsigned32(ssrc, "SSRC");
        csrcs = List.copyOf(Objects.requireNonNull(csrcs, "csrcs"));
        if (csrcs.size() > MAX_CSRC_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_CSRC_COUNT + " CSRCs, got " + csrcs.size());
        }
        csrcs.forEach(csrc -> unsigned32(csrc, "CSRC"));
        payload = Objects.requireNonNull(payload, "payload").clone();
        if (paddingLength < 0 || paddingLength > MAX_PADDING_LENGTH) {
            throw new IllegalArgumentException("padding length must be 0 to 255, was " + paddingLength);
        }
    }

    /** A packet with no CSRCs, extension or padding: what a two-party call sends. */
    public static RtpPacket of(int payloadType, int sequenceNumber, long timestamp, long ssrc, boolean marker, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, List.of(), null, payload, 0);
    }

    /** Whether the P bit is set. */
    public boolean hasPadding() {
        return paddingLength > 0;
    }

    /** Whether the X bit is set. */
    public boolean hasExtension() {
        return extension != null;
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Length of the payload in bytes, without copying it. */
    public int payloadLength() {
        return payload.length;
    }

    void copyPayloadTo(byte[] destination, int offset) {
        System.arraycopy(payload, 0, destination, offset, payload.length);
    }

    private static void unsigned32(long value, String field) {
        if (value < 0 || value > MAX_UNSIGNED_32) {
            throw new IllegalArgumentException(field + " must be an unsigned 32-bit value, was " + value);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RtpPacket that
                && marker == that.marker
                && payloadType == that.payloadType
                && sequenceNumber == that.sequenceNumber
                && timestamp == that.timestamp
                && ssrc == that.ssrc
                && csrcs.equals(that.csrcs)
                && Objects.equals(extension, that.extension)
                && Arrays.equals(payload, that.payload)
                && paddingLength == that.paddingLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, extension, paddingLength)
                * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp
                + ", ssrc=0x" + Long.toHexString(ssrc) + (marker ? ", marker" : "")
                + (csrcs.isEmpty() ? "" : ", csrcs=" + csrcs)
                + (extension == null ? "" : ", " + extension)
                + ", payload=" + payload.length + " bytes"
                + (paddingLength == 0 ? "" : ", padding=" + paddingLength) + "]";
    }
}
