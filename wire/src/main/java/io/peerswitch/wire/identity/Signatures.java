package io.peerswitch.wire.identity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** ES256 (RFC 7518 section 3.4): ECDSA P-256 with SHA-256, signatures as the 64-byte r||s of JWS. */
public final class Signatures {

    /** Bytes of an ES256 signature. */
    public static final int ES256_BYTES = 64;
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final ThreadLocal<Signature> SIGNER = ThreadLocal.withInitial(Signatures::instance);
    private static final ThreadLocal<Signature> VERIFIER = ThreadLocal.withInitial(Signatures::instance);

    private Signatures() {
    }

    /** The signature of {@code key} over the concatenation of {@code parts}. */
    public static byte[] sign(PrivateKey key, byte[]... parts) {
        try {
            Signature signature = SIGNER.get();
            signature.initSign(key);
            for (byte[] part : parts) {
                signature.update(part);
            }
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over the concatenation of {@code signed}; false for a malformed one. */
    public static boolean verify(PublicKey key, byte[] first, byte[] second, byte[] signature) {
        if (signature.length != ES256_BYTES) {
            return false;
        }
        try {
            Signature verifier = VERIFIER.get();
            verifier.initVerify(key);
            verifier.update(first);
            verifier.update(second);
            return verifier.verify(signature);
        } catch (InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature instance() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK since 9", e);
        }
    }
}
