package io.peerswitch.endpoint.media.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An audio codec the endpoint can send and receive, with its RTP payload type and clock rate from
 * the static table of RFC 3551 section 6; G.711 needs no more.
 */
public sealed interface AudioCodec permits Pcmu, Pcma {

    /** The packetization interval used when the peer states none (RFC 3551 section 4.2). */
    int DEFAULT_PTIME_MILLIS = 20;
    /** Longest packetization interval accepted by the framing helpers: what a receiver must accept (RFC 3551 section 4.2). */
    int MAX_PTIME_MILLIS = 200;

    /** The encoding name of {@code a=rtpmap} ("PCMU", "PCMA"). */
    String encodingName();

    /** The static RTP payload type. */
    int payloadType();

    /** The RTP clock rate, equal to the sampling rate for G.711. */
    int sampleRate();

    /** Encodes one 16-bit linear sample to its octet. */
    byte encodeSample(short sample);

    /** Decodes one octet to a 16-bit linear sample. */
    short decodeSample(byte code);

    /** Encodes 16-bit linear samples, one byte per sample. */
    default byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = encodeSample(pcm[i]);
        }
        return out;
    }

    /** Decodes to 16-bit linear samples, one per byte. */
    default short[] decode(byte[] encoded) {
        short[] out = new short[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            out[i] = decodeSample(encoded[i]);
        }
        return out;
    }

    /** Samples, and RTP timestamp units, in one packet of {@code ptimeMillis} (160 for 20 ms). */
    default int samplesPerFrame(int ptimeMillis) {
        if (ptimeMillis < 1 || ptimeMillis > MAX_PTIME_MILLIS) {
            throw new IllegalArgumentException("ptime must be 1 to " + MAX_PTIME_MILLIS + " ms, was " + ptimeMillis);
        }
        return sampleRate() * ptimeMillis / 1000;
    }

    /** Cuts {@code pcm} into frames of {@code ptimeMillis}; a short last frame is filled up with silence. */
    default List<short[]> frames(short[] pcm, int ptimeMillis) {
        int size = samplesPerFrame(ptimeMillis);
        List<short[]> frames = new ArrayList<>((pcm.length + size - 1) / size);
        for (int start = 0; start < pcm.length; start += size) {
            frames.add(Arrays.copyOfRange(pcm, start, start + size));
        }
        return frames;
    }

    /** Every codec the endpoint supports, in its default order of preference. */
    static List<AudioCodec> all() {
        return List.of(Pcmu.INSTANCE, Pcma.INSTANCE);
    }

    /** The codec of a static payload type (0 or 8). */
    static Optional<AudioCodec> forPayloadType(int payloadType) {
        return all().stream().filter(codec -> codec.payloadType() == payloadType).findFirst();
    }

    /** The codec an {@code a=rtpmap} names: encoding names compare without case (RFC 4855 section 3). */
    static Optional<AudioCodec> forEncoding(String encodingName, int clockRate) {
        String upper = encodingName.toUpperCase(Locale.ROOT);
        return all().stream()
                .filter(codec -> codec.encodingName().equals(upper) && codec.sampleRate() == clockRate)
                .findFirst();
    }
}
