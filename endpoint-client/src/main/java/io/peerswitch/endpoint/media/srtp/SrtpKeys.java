package io.peerswitch.endpoint.media.srtp;

import java.util.Arrays;
import java.util.Objects;

/** An SRTP master key and master salt of one direction (RFC 3711 section 3.2.1), for a profile. */
public record SrtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {

    /** Bytes of an AES-128 master key. */
    public static final int KEY_BYTES = 16;
    /** Bytes of a master salt (RFC 3711 section 8.2: 112 bits). */
    public static final int SALT_BYTES = 14;

    /** Checks the lengths and copies the arrays. */
    public SrtpKeys {
        Objects.requireNonNull(profile, "profile");
        if (masterKey.length != KEY_BYTES || masterSalt.length != SALT_BYTES) {
            throw new IllegalArgumentException("an SRTP master key has " + KEY_BYTES + " bytes and a salt " + SALT_BYTES);
        }
        masterKey = masterKey.clone();
        masterSalt = masterSalt.clone();
    }

    /** Keys from 30 bytes: the key followed by the salt. */
    public static SrtpKeys of(SrtpProfile profile, byte[] keyAndSalt) {
        if (keyAndSalt.length != KEY_BYTES + SALT_BYTES) {
            throw new IllegalArgumentException("an SRTP key and salt are " + (KEY_BYTES + SALT_BYTES) + " bytes");
        }
        return new SrtpKeys(profile, Arrays.copyOf(keyAndSalt, KEY_BYTES), Arrays.copyOfRange(keyAndSalt, KEY_BYTES, keyAndSalt.length));
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]"; // never the key material
    }
}
