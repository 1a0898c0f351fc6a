package io.peerswitch.endpoint.media.codec;

/**
 * G.711 µ-law (ITU-T G.711 table 2a), RTP payload type 0 (RFC 3551 section 4.5.14). Encoding is
 * bit-exact with the ITU-T G.191 reference: the 14 most significant bits of a 16-bit sample are
 * companded and negative samples are taken as their one's complement, so that x and -1-x map to the
 * same magnitude.
 */
public final class Pcmu implements AudioCodec {

    /** The codec. */
    public static final Pcmu INSTANCE = new Pcmu();
    /** Static RTP payload type (RFC 3551 table 4). */
    public static final int PAYLOAD_TYPE = 0;
    /** RTP clock rate. */
    public static final int SAMPLE_RATE = 8000;

    private static final int BIAS = 33;
    private static final int MAX_BIASED = 0x1FFF;
    /** Indexed by the 14-bit sample (16-bit sample shifted right by 2) plus 8192. */
    private static final byte[] COMPRESS = new byte[1 << 14];
    private static final short[] EXPAND = new short[256];

    static {
        for (int index = 0; index < COMPRESS.length; index++) {
            COMPRESS[index] = compressFourteenBit(index - (1 << 13));
        }
        for (int code = 0; code < EXPAND.length; code++) {
            EXPAND[code] = expandCode(code);
        }
    }

    private Pcmu() {
    }

    /** Compresses one 16-bit linear sample to a µ-law octet. */
    public static byte compress(short sample) {
        return COMPRESS[(sample >> 2) + (1 << 13)];
    }

    /** Expands one µ-law octet to a 16-bit linear sample. */
    public static short expand(byte code) {
        return EXPAND[code & 0xFF];
    }

    @Override
    public String encodingName() {
        return "PCMU";
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
        return "PCMU/8000";
    }

    /** G.711 table 2a: segment from the biased magnitude, four mantissa bits below it, all bits inverted. */
    private static byte compressFourteenBit(int sample) {
        int magnitude = sample < 0 ? ~sample : sample;
        int biased = Math.min(magnitude + BIAS, MAX_BIASED);
        int segment = 31 - Integer.numberOfLeadingZeros(biased >> 5);
        int mantissa = (biased >> (segment + 1)) & 0x0F;
        int code = segment << 4 | mantissa;
        return (byte) (sample < 0 ? ~code & 0x7F : ~code & 0xFF);
    }

    /** G.711 table 2a decoder outputs, scaled from 14 to 16 bits. */
    private static short expandCode(int code) {
        int inverted = ~code & 0xFF;
        int segment = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int magnitude = ((mantissa << 3) + (BIAS << 2)) << segment;
        magnitude -= BIAS << 2;
        return (short) ((inverted & 0x80) != 0 ? -magnitude : magnitude);
    }
}
