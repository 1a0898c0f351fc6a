package io.peerswitch.endpoint.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys of one stream kind (SRTP or SRTCP) derived from a master key (RFC 3711 section 4.3, key
 * derivation rate 0), with the AES-CM transform (section 4.1.1) and HMAC-SHA1 (section 4.2) under them. Not
 * thread-safe: each sender or receiver owns its instances.
 */
final class SrtpCipher {

    /** Key-derivation labels of SRTP (RFC 3711 section 4.3.1); SRTCP's are these plus 3 (section 4.3.2). */
    static final int LABEL_ENCRYPTION = 0;
    static final int LABEL_AUTHENTICATION = 1;
    static final int LABEL_SALT = 2;
    static final int SRTCP_LABEL_OFFSET = 3;
    /** Bytes of the HMAC-SHA1 session key (RFC 3711 section 4.2.1: n_a = 160). */
    static final int AUTH_KEY_BYTES = 20;

    private final SecretKeySpec encryptionKey;
    private final byte[] salt;
    private final Cipher aes;
    private final Mac hmac;
    private final byte[] iv = new byte[16];

    /** Derives the session keys of SRTP ({@code srtcp} false) or SRTCP from {@code keys}. */
    SrtpCipher(SrtpKeys keys, boolean srtcp) {
        int offset = srtcp ? SRTCP_LABEL_OFFSET : 0;
        byte[] masterKey = keys.masterKey();
        byte[] masterSalt = keys.masterSalt();
        try {
            this.aes = Cipher.getInstance("AES/CTR/NoPadding");
            this.encryptionKey = new SecretKeySpec(derive(masterKey, masterSalt, LABEL_ENCRYPTION + offset, SrtpKeys.KEY_BYTES), "AES");
            this.salt = derive(masterKey, masterSalt, LABEL_SALT + offset, SrtpKeys.SALT_BYTES);
            this.hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(derive(masterKey, masterSalt, LABEL_AUTHENTICATION + offset, AUTH_KEY_BYTES), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR and HMAC-SHA1 are part of every JDK", e);
        }
    }

    /** The key-derivation function of RFC 3711 section 4.3.1 with r = 0: AES-CM under the master key at IV (salt XOR label) * 2^16. */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, SrtpKeys.SALT_BYTES);
        iv[7] ^= (byte) label;
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is part of every JDK", e);
        }
    }

    /**
     * XORs {@code length} bytes at {@code offset} in place with the AES-CM keystream of packet {@code index} of
     * {@code ssrc} (RFC 3711 section 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)).
     */
    void transform(byte[] packet, int offset, int length, long ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, SrtpKeys.SALT_BYTES);
        iv[14] = 0;
        iv[15] = 0;
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        try {
            aes.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            aes.doFinal(packet, offset, length, packet, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed on a valid key", e);
        }
    }

    /**
     * The HMAC-SHA1 of {@code length} bytes at {@code offset}, followed, when {@code roc} is not negative, by the
     * 32-bit rollover counter (RFC 3711 section 4.2), truncated to {@code tagLength} bytes into {@code out}.
     */
    void tag(byte[] packet, int offset, int length, long roc, byte[] out, int outOffset, int tagLength) {
        hmac.update(packet, offset, length);
        if (roc >= 0) {
            hmac.update((byte) (roc >>> 24));
            hmac.update((byte) (roc >>> 16));
            hmac.update((byte) (roc >>> 8));
            hmac.update((byte) roc);
        }
        byte[] full = hmac.doFinal();
        System.arraycopy(full, 0, out, outOffset, tagLength);
    }

    /** Whether the tag of the packet matches {@code expected} at {@code tagOffset}, in constant time. */
    boolean verify(byte[] packet, int offset, int length, long roc, byte[] expected, int tagOffset, int tagLength) {
        byte[] computed = new byte[tagLength];
        tag(packet, offset, length, roc, computed, 0, tagLength);
        byte[] received = java.util.Arrays.copyOfRange(expected, tagOffset, tagOffset + tagLength);
        return java.security.MessageDigest.isEqual(computed, received);
    }

}
