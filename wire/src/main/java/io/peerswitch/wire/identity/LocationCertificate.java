package io.peerswitch.wire.identity;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A location's session certificate as the access server issues it (docs/security.md): an X.509 v3
 * certificate (RFC 5280) signed by the server's user authority for a P-256 key the endpoint made, naming
 * the user and the location in subjectAltName URIs {@code urn:peerswitch:user:<id>} and
 * {@code urn:peerswitch:location:<id>}, valid while the session is.
 *
 * @param der         the certificate as issued
 * @param fingerprint SHA-256 of {@code der}, upper-case hex with colons (the RFC 8122 / RFC 4572 form)
 */
public record LocationCertificate(String userId, String locationId, ECPublicKey publicKey, Instant notBefore,
                                  Instant notAfter, byte[] der, String fingerprint) {

    /** URN prefix of the subjectAltName naming the user. */
    public static final String USER_URN = "urn:peerswitch:user:";
    /** URN prefix of the subjectAltName naming the location. */
    public static final String LOCATION_URN = "urn:peerswitch:location:";
    /** How far the clocks of server and endpoints may disagree when validity is checked. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** subjectAltName type of a uniformResourceIdentifier (RFC 5280 section 4.2.1.6). */
    private static final int SAN_URI = 6;

    public LocationCertificate {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The certificate in base64, as JSON fields carry it. */
    public String base64() {
        return Der.encode(der);
    }

    /** Whether this certificate may be used at {@code now} (validity, with {@link #CLOCK_SKEW} either side). */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore.minus(CLOCK_SKEW)) && !now.isAfter(notAfter.plus(CLOCK_SKEW));
    }

    /**
     * Checks {@code der} against {@code authority}: signed by it, a P-256 key, one user and one location
     * named, valid at {@code now}; the problem otherwise.
     */
    public static LocationCertificate verify(byte[] der, X509Certificate authority, Instant now) throws CertificateProblem {
        X509Certificate certificate = parse(der);
        try {
            certificate.verify(authority.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateProblem("not issued by this access server");
        }
        LocationCertificate parsed = read(certificate, der);
        if (!parsed.validAt(now)) {
            throw new CertificateProblem("not valid at " + now + " (" + parsed.notBefore() + " to " + parsed.notAfter() + ")");
        }
        return parsed;
    }

    /** The authority certificate of the access server from its DER form. */
    public static X509Certificate authority(byte[] der) throws CertificateProblem {
        X509Certificate certificate = parse(der);
        if (certificate.getBasicConstraints() < 0) {
            throw new CertificateProblem("not a certificate authority");
        }
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateProblem("not self-signed");
        }
        return certificate;
    }

    /** {@code der} (a certificate {@link #verify} accepted) as the JDK's X.509 certificate, for TLS key managers. */
    public static X509Certificate x509(byte[] der) throws CertificateProblem {
        return parse(der);
    }

    /** SHA-256 of {@code der} in the upper-case, colon-separated hex of RFC 8122 section 5. */
    public static String fingerprintOf(byte[] der) {
        byte[] digest = sha256(der);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static X509Certificate parse(byte[] der) throws CertificateProblem {
        if (der.length == 0 || der.length > Der.MAX_BYTES) {
            throw new CertificateProblem("empty or longer than " + Der.MAX_BYTES + " bytes");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateProblem("not an X.509 certificate");
        }
    }

    private static LocationCertificate read(X509Certificate certificate, byte[] der) throws CertificateProblem {
        PublicKey key = certificate.getPublicKey();
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new CertificateProblem("not a P-256 key");
        }
        String user = null;
        String location = null;
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri) {
                    if (uri.startsWith(USER_URN)) {
                        user = once(user, uri.substring(USER_URN.length()), "user");
                    } else if (uri.startsWith(LOCATION_URN)) {
                        location = once(location, uri.substring(LOCATION_URN.length()), "location");
                    }
                }
            }
        } catch (CertificateException e) {
            throw new CertificateProblem("unreadable subjectAltName");
        }
        if (user == null || user.isEmpty() || location == null || location.isEmpty()) {
            throw new CertificateProblem("names no user and location");
        }
        return new LocationCertificate(user, location, ec, certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), der, fingerprintOf(der));
    }

    private static String once(String seen, String value, String what) throws CertificateProblem {
        if (seen != null) {
            throw new CertificateProblem("names more than one " + what);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocationCertificate c && Arrays.equals(der, c.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "LocationCertificate[" + userId + ", " + locationId + ", until " + notAfter + ", " + fingerprint + "]";
    }
}
