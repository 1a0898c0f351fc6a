package io.peerswitch.wire.identity;

import io.peerswitch.wire.InvalidFieldException;
import java.util.Base64;

/** Base64 (RFC 4648 section 4) DER blobs as JSON fields carry them: keys and certificates, bounded in size. */
public final class Der {

    /** The longest DER blob accepted in a field: a P-256 certificate is about 450 bytes. */
    public static final int MAX_BYTES = 4096;

    private Der() {
    }

    /** {@code value} checked to be base64 of at most {@link #MAX_BYTES} bytes; {@code null} stays {@code null}. */
    public static String optional(String value, String field) {
        if (value == null) {
            return null;
        }
        decode(value, field);
        return value;
    }

    /** The bytes of a base64 field, or {@link InvalidFieldException} naming {@code field}. */
    public static byte[] decode(String value, String field) {
        if (value.length() > (MAX_BYTES + 2) / 3 * 4) {
            throw new InvalidFieldException(field, "must be at most " + MAX_BYTES + " bytes");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "must be base64 (RFC 4648 section 4)");
        }
    }

    /** {@code der} in PEM (RFC 7468) with the label {@code type}, e.g. {@code CERTIFICATE}, {@code PRIVATE KEY}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** {@code der} as base64. */
    public static String encode(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }
}
