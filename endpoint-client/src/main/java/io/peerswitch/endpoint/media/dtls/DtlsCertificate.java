package io.peerswitch.endpoint.media.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The endpoint's DTLS certificate (RFC 5763 section 5): self-signed on a P-256 key made when the endpoint
 * starts, never stored. Self-signed is what RFC 5763 expects: what authenticates it is its fingerprint in SDP
 * that the call's signaling signature covers (docs/security.md), not an issuer.
 *
 * @param privateKey  the key the handshake signs with; never leaves the process
 * @param der         the certificate
 */
public record DtlsCertificate(PrivateKey privateKey, byte[] der) {

    /** How long a certificate is valid; a new one is made at every start. */
    public static final Duration LIFETIME = Duration.ofDays(30);
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Copies the certificate. */
    public DtlsCertificate {
        der = der.clone();
    }

    /** A new key pair and its self-signed certificate, valid from an hour before {@code now} for {@link #LIFETIME}. */
    public static DtlsCertificate generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "peerswitch-dtls").build();
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, RANDOM)));
            tbs.setSignature(ECDSA_SHA256);
            tbs.setIssuer(subject);
            tbs.setSubject(subject);
            tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
            tbs.setEndDate(new Time(Date.from(now.plus(LIFETIME))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            TBSCertificate certificate = tbs.generateTBSCertificate();
            return new DtlsCertificate(keys.getPrivate(), sign(keys.getPrivate(), certificate));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a DTLS certificate: " + e.getMessage(), e);
        }
    }

    /** The certificate, copied. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    /** Its SHA-256 fingerprint, for {@code a=fingerprint}. */
    public Fingerprint fingerprint() {
        return Fingerprint.of(der);
    }

    private static byte[] sign(PrivateKey key, TBSCertificate tbs) throws GeneralSecurityException, IOException {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(tbs.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector certificate = new ASN1EncodableVector();
        certificate.add(tbs);
        certificate.add(ECDSA_SHA256);
        certificate.add(new DERBitString(signature.sign()));
        return new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprint() + "]";
    }
}
