package io.peerswitch.wire.identity;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** P-256 keys (FIPS 186-4, "secp256r1") in the encodings the identity codecs use: SPKI DER and the SEC 1 uncompressed point. */
public final class EcKeys {

    /** Bytes of a compressed P-256 point (SEC 1 section 2.3.3): 0x02 or 0x03 (the parity of y), then x. */
    public static final int POINT_BYTES = 33;
    private static final ECParameterSpec P256 = p256();

    private EcKeys() {
    }

    /** A fresh P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK", e);
        }
    }

    /** Whether {@code key} is a P-256 key. */
    public static boolean isP256(PublicKey key) {
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().equals(P256.getCurve());
    }

    /** A P-256 public key from its SubjectPublicKeyInfo DER (RFC 5480), or {@link IllegalArgumentException}. */
    public static ECPublicKey fromSpki(byte[] der) {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (!isP256(key)) {
                throw new IllegalArgumentException("not a P-256 key");
            }
            return (ECPublicKey) key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key: " + e.getMessage(), e);
        }
    }

    /** {@code key} as a compressed point. */
    public static byte[] point(ECPublicKey key) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = (byte) (key.getW().getAffineY().testBit(0) ? 0x03 : 0x02);
        unsigned(key.getW().getAffineX(), out, 1);
        return out;
    }

    /**
     * A P-256 key from a compressed point (SEC 1 section 2.3.4: y is the square root of x^3 + ax + b with the
     * parity the prefix names; p = 3 mod 4, so the root is a power); {@link IllegalArgumentException} when it
     * is not a point on the curve.
     */
    public static ECPublicKey fromPoint(byte[] point) {
        if (point.length != POINT_BYTES || (point[0] != 0x02 && point[0] != 0x03)) {
            throw new IllegalArgumentException("not a compressed P-256 point");
        }
        BigInteger p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        if (x.compareTo(p) >= 0) {
            throw new IllegalArgumentException("x is not a field element");
        }
        BigInteger rhs = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        if (!y.multiply(y).mod(p).equals(rhs)) {
            throw new IllegalArgumentException("x is not on P-256");
        }
        if (y.testBit(0) != (point[0] == 0x03)) {
            y = p.subtract(y);
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a point on P-256", e);
        }
    }

    private static void unsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 32 ? bytes.length - 32 : 0;
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + 32 - length, length);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK", e);
        }
    }
}
