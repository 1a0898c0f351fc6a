package io.peerswitch.wire.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The compact form of a location's session certificate that rides in every SIP message's Identity header
 * (docs/security.md): the same key, user, location and end of validity as the X.509 certificate, signed by
 * the same user authority, in about 140 bytes instead of 450, so a signed request still fits a UDP datagram
 * under the 1300 bytes of RFC 3261 section 18.1.1 and the reflector's MTU.
 *
 * <pre>
 * version (1) = 1 | notAfter (8, seconds since 1970) | key (33, SEC 1 compressed point)
 *   | user length (1) | user (UTF-8) | location length (1) | location (UTF-8) | signature (64, ES256 raw r||s)
 * </pre>
 * The signature covers {@link #LABEL} and every byte before it.
 */
public record LocationCredential(String userId, String locationId, ECPublicKey key, Instant notAfter, byte[] encoded) {

    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** Longest user or location ID a credential names. */
    public static final int MAX_NAME_BYTES = 128;
    /** Longest credential accepted. */
    public static final int MAX_BYTES = 1 + 8 + EcKeys.POINT_BYTES + 2 + 2 * MAX_NAME_BYTES + Signatures.ES256_BYTES;
    /** Domain separation: a credential signature can never be mistaken for another signature of the authority. */
    static final byte[] LABEL = "peerswitch location credential v1\0".getBytes(StandardCharsets.US_ASCII);

    public LocationCredential {
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The credential as base64url without padding (RFC 4648 section 5), as the Identity header carries it. */
    public String text() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }

    /** Whether the credential may be used at {@code now}, allowing {@link LocationCertificate#CLOCK_SKEW}. */
    public boolean validAt(Instant now) {
        return !now.isAfter(notAfter.plus(LocationCertificate.CLOCK_SKEW));
    }

    /** The authority signs a credential for {@code key} of {@code userId}'s location {@code locationId} until {@code notAfter}. */
    public static LocationCredential issue(PrivateKey authority, String userId, String locationId, ECPublicKey key,
                                           Instant notAfter) {
        return new LocationCredential(userId, locationId, key, Instant.ofEpochSecond(notAfter.getEpochSecond()),
                seal(LABEL, authority, userId, locationId, key, notAfter));
    }

    /** Reads {@code text} (base64url) and checks it against {@code authority} at {@code now}. */
    public static LocationCredential verify(String text, PublicKey authority, Instant now) throws CertificateProblem {
        return open(LABEL, text, authority, now);
    }

    /**
     * The bytes of a credential signed under {@code label} (this class's, or another purpose's such as
     * {@link MessageKeyCredential}): the same layout, with {@code name} in the location's place.
     */
    static byte[] seal(byte[] label, PrivateKey authority, String userId, String name, ECPublicKey key, Instant notAfter) {
        byte[] user = name(userId, "user");
        byte[] location = name(name, "location");
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + EcKeys.POINT_BYTES + 2 + user.length + location.length);
        body.put((byte) VERSION).putLong(notAfter.getEpochSecond()).put(EcKeys.point(key))
                .put((byte) user.length).put(user).put((byte) location.length).put(location);
        byte[] signed = body.array();
        byte[] signature = Signatures.sign(authority, label, signed);
        byte[] encoded = Arrays.copyOf(signed, signed.length + signature.length);
        System.arraycopy(signature, 0, encoded, signed.length, signature.length);
        return encoded;
    }

    /** Reads a credential signed under {@code label} from {@code text} (base64url) and checks it at {@code now}. */
    static LocationCredential open(byte[] label, String text, PublicKey authority, Instant now) throws CertificateProblem {
        if (text.length() > (MAX_BYTES * 4 + 2) / 3) {
            throw new CertificateProblem("credential longer than " + MAX_BYTES + " bytes");
        }
        byte[] encoded;
        try {
            encoded = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CertificateProblem("credential is not base64url");
        }
        LocationCredential credential = read(encoded);
        int signedLength = encoded.length - Signatures.ES256_BYTES;
        if (!Signatures.verify(authority, label, Arrays.copyOf(encoded, signedLength),
                Arrays.copyOfRange(encoded, signedLength, encoded.length))) {
            throw new CertificateProblem("credential not issued by this access server");
        }
        if (!credential.validAt(now)) {
            throw new CertificateProblem("credential expired at " + credential.notAfter());
        }
        return credential;
    }

    private static LocationCredential read(byte[] encoded) throws CertificateProblem {
        try {
            ByteBuffer in = ByteBuffer.wrap(encoded);
            if (in.get() != VERSION) {
                throw new CertificateProblem("credential version is not " + VERSION);
            }
            long notAfter = in.getLong();
            byte[] point = new byte[EcKeys.POINT_BYTES];
            in.get(point);
            String user = readName(in);
            String location = readName(in);
            if (in.remaining() != Signatures.ES256_BYTES) {
                throw new CertificateProblem("credential has " + in.remaining() + " bytes of signature, not " + Signatures.ES256_BYTES);
            }
            return new LocationCredential(user, location, EcKeys.fromPoint(point), Instant.ofEpochSecond(notAfter), encoded);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new CertificateProblem("credential truncated or malformed");
        }
    }

    private static String readName(ByteBuffer in) throws CertificateProblem {
        int length = Byte.toUnsignedInt(in.get());
        if (length == 0 || length > MAX_NAME_BYTES) {
            throw new CertificateProblem("credential name of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] name(String value, String what) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " ID must be 1 to " + MAX_NAME_BYTES + " bytes");
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocationCredential c && Arrays.equals(encoded, c.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "LocationCredential[" + userId + ", " + locationId + ", until " + notAfter + "]";
    }
}
