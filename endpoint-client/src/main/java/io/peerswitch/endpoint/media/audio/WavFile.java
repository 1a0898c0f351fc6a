package io.peerswitch.endpoint.media.audio;

import io.peerswitch.endpoint.media.codec.Pcma;
import io.peerswitch.endpoint.media.codec.Pcmu;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and writes WAV files (RIFF/WAVE, with the format tags 1, 6 and 7 that RFC 2361 registers):
 * mono 16-bit PCM and mono 8-bit µ-law (ITU-T G.711) both ways, and mono 8-bit A-law for reading,
 * decoded to PCM. Unknown chunks are skipped; a data chunk cut short is read as far as it goes.
 */
public final class WavFile {

    /** Largest data chunk read, in bytes (about 35 minutes of 16 kHz 16-bit audio). */
    public static final int MAX_DATA_LENGTH = 64 * 1024 * 1024;
    /** Largest fmt chunk accepted, in bytes. */
    public static final int MAX_FORMAT_LENGTH = 1024;
    /** Length of the header {@link #write} produces. */
    public static final int HEADER_LENGTH = 44;
    /** Length of the header {@link #writeMulaw} produces: RIFF/WAVE, an 18-byte fmt chunk, a fact chunk, the data chunk's header. */
    public static final int MULAW_HEADER_LENGTH = 58;

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_ALAW = 0x0006;
    private static final int FORMAT_MULAW = 0x0007;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int BASIC_FORMAT_LENGTH = 16;
    /** A WAVEFORMATEX fmt chunk: the basic 16 bytes and a cbSize of 0, as non-PCM formats carry. */
    private static final int EXTENDED_FORMAT_LENGTH = 18;
    /** A fact chunk: the number of samples. */
    private static final int FACT_LENGTH = 4;
    private static final int EXTENSIBLE_FORMAT_LENGTH = 40;
    private static final int SUBFORMAT_OFFSET = 24;
    /** The 14 bytes after the format tag in every KSDATAFORMAT_SUBTYPE GUID: 0000-0010-8000-00AA00389B71. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };
    private static final long UNSIGNED_32 = 0xFFFF_FFFFL;

    private WavFile() {
    }

    /**
     * Reads a WAV file from {@code in} (not closed) up to the end of its data chunk.
     *
     * @throws WavFormatException if it is not RIFF/WAVE, its format is not mono PCM 16-bit, µ-law
     *                            or A-law, or it ends before its data chunk starts
     * @throws IOException        if reading fails
     */
    public static PcmAudio read(InputStream in) throws IOException {
        byte[] riff = in.readNBytes(12);
        if (riff.length < 12 || !ascii(riff, 0).equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
            throw new WavFormatException("not a RIFF/WAVE file");
        }
        Format format = null;
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw new WavFormatException(format == null ? "no fmt chunk" : "no data chunk");
            }
            String id = ascii(header, 0);
            long size = little(header).getInt(4) & UNSIGNED_32;
            switch (id) {
                case "fmt " -> {
                    if (size < BASIC_FORMAT_LENGTH || size > MAX_FORMAT_LENGTH) {
                        throw new WavFormatException("fmt chunk of " + size + " bytes");
                    }
                    byte[] body = in.readNBytes((int) size);
                    if (body.length < size) {
                        throw new WavFormatException("fmt chunk cut short");
                    }
                    format = Format.parse(body);
                    skip(in, size & 1);
                }
                case "data" -> {
                    if (format == null) {
                        throw new WavFormatException("data chunk before the fmt chunk");
                    }
                    byte[] data = in.readNBytes((int) Math.min(size, MAX_DATA_LENGTH + 1L));
                    if (data.length > MAX_DATA_LENGTH) {
                        throw new WavFormatException("data chunk longer than " + MAX_DATA_LENGTH + " bytes");
                    }
                    return new PcmAudio(format.sampleRate(), format.decode(data));
                }
                default -> skip(in, size + (size & 1));
            }
        }
    }

    /** Writes {@code audio} as a 16-bit mono PCM WAV file to {@code out} (not closed). */
    public static void write(PcmAudio audio, OutputStream out) throws IOException {
        short[] samples = audio.samples();
        long dataLength = 2L * samples.length;
        if (dataLength > UNSIGNED_32 - (HEADER_LENGTH - 8)) {
            throw new IllegalArgumentException(samples.length + " samples do not fit a RIFF chunk");
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + (int) dataLength).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) (HEADER_LENGTH - 8 + dataLength))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(BASIC_FORMAT_LENGTH)
                .putShort((short) FORMAT_PCM)
                .putShort((short) 1)
                .putInt(audio.sampleRate())
                .putInt(audio.sampleRate() * 2)
                .putShort((short) 2)
                .putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) dataLength);
        buffer.asShortBuffer().put(samples);
        out.write(buffer.array());
    }

    /**
     * Writes {@code audio} as a G.711 µ-law WAV file to {@code out} (not closed), half the size of 16-bit PCM:
     * format tag 7, 8 bits, mono, the audio's sample rate, an 18-byte fmt chunk with cbSize 0, the fact chunk
     * with the sample count that non-PCM formats carry, then the data chunk with a pad byte when its length is
     * odd; the header is {@value #MULAW_HEADER_LENGTH} bytes.
     */
    public static void writeMulaw(PcmAudio audio, OutputStream out) throws IOException {
        byte[] codes = Pcmu.INSTANCE.encode(audio.samples());
        int pad = codes.length & 1;
        if (codes.length > Integer.MAX_VALUE - MULAW_HEADER_LENGTH - pad) {
            throw new IllegalArgumentException(codes.length + " samples do not fit one WAV file in memory");
        }
        // the pad byte is the buffer's last byte, left 0
        ByteBuffer buffer = ByteBuffer.allocate(MULAW_HEADER_LENGTH + codes.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(MULAW_HEADER_LENGTH - 8 + codes.length + pad)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(EXTENDED_FORMAT_LENGTH)
                .putShort((short) FORMAT_MULAW)
                .putShort((short) 1)
                .putInt(audio.sampleRate())
                .putInt(audio.sampleRate())
                .putShort((short) 1)
                .putShort((short) 8)
                .putShort((short) 0)
                .put("fact".getBytes(StandardCharsets.US_ASCII))
                .putInt(FACT_LENGTH)
                .putInt(codes.length)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(codes.length)
                .put(codes);
        out.write(buffer.array());
    }

    private static void skip(InputStream in, long count) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw new WavFormatException("file ends inside a chunk before the data chunk");
        }
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The parts of a fmt chunk that matter here. */
    private record Format(int tag, int sampleRate) {

        static Format parse(byte[] body) throws WavFormatException {
            ByteBuffer fmt = little(body);
            int tag = fmt.getShort(0) & 0xFFFF;
            int channels = fmt.getShort(2) & 0xFFFF;
            long sampleRate = fmt.getInt(4) & UNSIGNED_32;
            int bits = fmt.getShort(14) & 0xFFFF;
            if (tag == FORMAT_EXTENSIBLE) {
                if (body.length < EXTENSIBLE_FORMAT_LENGTH || !Arrays.equals(body, SUBFORMAT_OFFSET + 2,
                        SUBFORMAT_OFFSET + 16, SUBFORMAT_GUID_TAIL, 0, SUBFORMAT_GUID_TAIL.length)) {
                    throw new WavFormatException("WAVE_FORMAT_EXTENSIBLE without a known sub-format");
                }
                tag = fmt.getShort(SUBFORMAT_OFFSET) & 0xFFFF;
            }
            if (channels != 1) {
                throw new WavFormatException(channels + " channels; only mono is supported");
            }
            if (sampleRate < 1 || sampleRate > PcmAudio.MAX_SAMPLE_RATE) {
                throw new WavFormatException("sample rate " + sampleRate + " Hz");
            }
            int expectedBits = switch (tag) {
                case FORMAT_PCM -> 16;
                case FORMAT_MULAW, FORMAT_ALAW -> 8;
                default -> throw new WavFormatException("format tag 0x" + Integer.toHexString(tag)
                        + " is not PCM (1), A-law (6) or µ-law (7)");
            };
            if (bits != expectedBits) {
                throw new WavFormatException(bits + " bits per sample; this format needs " + expectedBits);
            }
            return new Format(tag, (int) sampleRate);
        }

        short[] decode(byte[] data) {
            return switch (tag) {
                case FORMAT_MULAW -> Pcmu.INSTANCE.decode(data);
                case FORMAT_ALAW -> Pcma.INSTANCE.decode(data);
                default -> {
                    short[] samples = new short[data.length / 2];
                    little(data).asShortBuffer().get(samples);
                    yield samples;
                }
            };
        }
    }
}
