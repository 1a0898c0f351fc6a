package io.peerswitch.endpoint.media.codec;

/**
 * G.711 A-law (ITU-T G.711 table 1a), RTP payload type 8 (RFC 3551 section 4.5.14). Encoding is
 * bit-exact with the ITU-T G.191 reference: the 13 most significant bits of a 16-bit sample are
 * companded, negative samples taken as their one's complement, and even bits inverted on the line.
 */
public final class Pcma implements AudioCodec {

    /** The codec. */
    public static final Pcma INSTANCE = new Pcma();
    /** Static RTP payload type (RFC 3551 table 4). */
    public static final int PAYLOAD_TYPE = 8;
    /** RTP clock rate. */
    public static final int SAMPLE_RATE = 8000;

    private static final int EVEN_BITS = 0x55;
    /** Indexed by the 16-bit sample shifted right by 4, plus 2048: only those bits decide the code. */
    private static final byte[] COMPRESS = new byte[1 << 12];
    private static final short[] EXPAND = new short[256];

    static {
        for (int index = 0; index < COMPRESS.length; index++) {
            COMPRESS[index] = compressTwelveBit(index - (1 << 11));
        }
        for (int code = 0; code < EXPAND.length; code++) {
            EXPAND[code] = expandCode(code);
        }
    }

    private Pcma() {
    }

    /** Compresses one 16-bit linear sample to an A-law octet. */
    public static byte compress(short sample) {
        return COMPRESS[(sample >> 4) + (1 << 11)];
    }

    /** Expands one A-law octet to a 16-bit linear sample. */
    public static short expand(byte code) {
        return EXPAND[code & 0xFF];
    }

    @Override
    public String encodingName() {
        return "PCMA";
    }

    @Override
    public int payloadType() {
        return PAYLOAD_TYPE;
    }

    @Override
    public int sampleRate() {
        return SAMPLE_RATE;
    }

    @Override
    public byte encodeSample(short sample) {
        return compress(sample);
    }

    @Override
    public short decodeSample(byte code) {
        return expand(code);
    }

    @Override
    public String toString() {
        return "PCMA/8000";
    }

    /** G.711 table 1a: segment 0 is linear, segments 1 to 7 keep four bits below the leading one. */
    private static byte compressTwelveBit(int sample) {
        int magnitude = sample < 0 ? ~sample : sample;
        int code;
        if (magnitude < 16) {
            code = magnitude;
        } else {
            int segment = 32 - Integer.numberOfLeadingZeros(magnitude >> 4);
            code = segment << 4 | (magnitude >> (segment - 1)) & 0x0F;
        }
        if (sample >= 0) {
            code |= 0x80;
        }
        return (byte) (code ^ EVEN_BITS);
    }

    /** G.711 table 1a decoder outputs (mid-points of the intervals), scaled from 13 to 16 bits. */
    private static short expandCode(int code) {
        int plain = (code ^ EVEN_BITS) & 0x7F;
        int segment = plain >> 4;
        int mantissa = plain & 0x0F;
        if (segment > 0) {
            mantissa += 16;
        }
        int magnitude = (mantissa << 4) + 8;
        if (segment > 1) {
            magnitude <<= segment - 1;
        }
        return (short) ((code & 0x80) != 0 ? magnitude : -magnitude);
    }
}
