package io.peerswitch.endpoint.media.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The header extension of an RTP packet (RFC 3550 section 5.3.1): a 16-bit profile-defined value
 * and data whose length is a whole number of 32-bit words.
 */
public record RtpHeaderExtension(int profile, byte[] data) {

    /** Most data an extension can carry: its length field counts at most 65,535 words. */
    public static final int MAX_DATA_LENGTH = 0xFFFF * 4;

    /** Checks the ranges and copies {@code data}. */
    public RtpHeaderExtension {
        if (profile < 0 || profile > 0xFFFF) {
            throw new IllegalArgumentException("extension profile must be 0 to 65535, was " + profile);
        }
        if (data == null || data.length % 4 != 0 || data.length > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("extension data must be a multiple of 4 bytes, at most " + MAX_DATA_LENGTH);
        }
        data = data.clone();
    }

    /** A copy of the extension data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Length of the data in bytes. */
    public int dataLength() {
        return data.length;
    }

    void copyDataTo(byte[] destination, int offset) {
        System.arraycopy(data, 0, destination, offset, data.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RtpHeaderExtension that && profile == that.profile && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * profile + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RtpHeaderExtension[profile=0x" + Integer.toHexString(profile) + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
