package io.peerswitch.endpoint.identity;

import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import io.peerswitch.wire.identity.LocationCredential;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A user authority for tests, standing in for the access server's: it certifies session keys as the login does. */
public final class TestAuthority {

    private final KeyPair keys = EcKeys.generate();
    private final AtomicLong serials = new AtomicLong(1);
    private final X509Certificate certificate = build(new X500Name("CN=Test user authority,O=Peerswitch"), keys, true,
            null, null, Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(1)));

    /** A signer and verifier for {@code user}'s location {@code locationId}, certified by this authority for an hour. */
    public PeerAuthenticator authenticator(String user, String locationId, Clock clock) {
        KeyPair session = EcKeys.generate();
        PeerAuthenticator authenticator = new PeerAuthenticator(clock);
        authenticator.configure(session.getPrivate(), credential(user, locationId, session, clock), keys.getPublic());
        return authenticator;
    }

    /** A credential of this authority for {@code session}'s public key. */
    public LocationCredential credential(String user, String locationId, KeyPair session, Clock clock) {
        return LocationCredential.issue(keys.getPrivate(), user, locationId, (ECPublicKey) session.getPublic(),
                clock.instant().plus(Duration.ofHours(1)));
    }

    /** The authority's self-signed certificate, as the access server hands it out at login. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A certificate of this authority for {@code subject}'s public key in the profile the access server issues (the
     * user and location as subjectAltName URIs): a session certificate, or a stock client's device certificate.
     */
    public X509Certificate issue(String user, String locationId, KeyPair subject, Instant notBefore, Instant notAfter) {
        return build(new X500Name("CN=" + user), subject, false, user, locationId, notBefore, notAfter);
    }

    /** {@link #issue} valid from a minute ago for an hour. */
    public X509Certificate issue(String user, String locationId, KeyPair subject) {
        return issue(user, locationId, subject, Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofHours(1)));
    }

    private X509Certificate build(X500Name subject, KeyPair subjectKeys, boolean authority, String user, String location,
                                  Instant notBefore, Instant notAfter) {
        try {
            X500Name issuer = authority ? subject : X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serials.getAndIncrement()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
            if (authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.uniformResourceIdentifier, LocationCertificate.USER_URN + user),
                        new GeneralName(GeneralName.uniformResourceIdentifier, LocationCertificate.LOCATION_URN + location)}));
            }
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate: " + e.getMessage(), e);
        }
    }

    /** A TLS identity of {@code user}'s location {@code locationId}: a fresh key and its certificate of this authority. */
    public TlsIdentity tls(TlsIdentity tls, String user, String locationId) {
        KeyPair session = EcKeys.generate();
        tls.configure(session.getPrivate(), issue(user, locationId, session), certificate);
        return tls;
    }

    /** {@code certificate} in PEM (RFC 7468), as stock SIP clients read it. */
    public static String pem(X509Certificate certificate) {
        try {
            return Der.pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code key} in PKCS#8 PEM (RFC 7468 section 10), as stock SIP clients read it. */
    public static String pem(java.security.PrivateKey key) {
        return Der.pem("PRIVATE KEY", key.getEncoded());
    }

    /** The authority's key pair (to make credentials a test then tampers with). */
    public KeyPair keys() {
        return keys;
    }
}
