package io.peerswitch.server.identity;

import io.peerswitch.wire.identity.LocationCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
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
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Builds the certificates of the user authority as DER (RFC 5280 sections 4.1-4.2): the self-signed
 * authority certificate and the session certificates of the profile {@link LocationCertificate} checks.
 * Bouncy Castle's ASN.1 structures (bcprov, which WildFly ships) and the JDK's ECDSA; pure functions.
 */
public final class CertificateFactoryDer {

    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

    private CertificateFactoryDer() {
    }

    /** The authority's self-signed certificate: CA, may sign certificates, valid from {@code notBefore} to {@code notAfter}. */
    public static byte[] authority(KeyPair keys, String name, BigInteger serial, Instant notBefore, Instant notAfter) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).addRDN(BCStyle.O, "Peerswitch").build();
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return sign(keys.getPrivate(), tbs(serial, subject, subject, notBefore, notAfter, keys.getPublic(), extensions));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the authority certificate", e);
        }
    }

    /**
     * A session certificate for {@code key} of {@code userId}'s location {@code locationId}, issued by the
     * authority whose subject is {@code issuer} (DER of its Name) with {@code authorityKey}.
     */
    public static byte[] session(PrivateKey authorityKey, byte[] issuer, BigInteger serial, String userId, String locationId,
                                 PublicKey key, Instant notBefore, Instant notAfter) {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.uniformResourceIdentifier, LocationCertificate.USER_URN + userId),
                    new GeneralName(GeneralName.uniformResourceIdentifier, LocationCertificate.LOCATION_URN + locationId)}));
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, userId).build();
            return sign(authorityKey, tbs(serial, X500Name.getInstance(issuer), subject, notBefore, notAfter, key, extensions));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a session certificate", e);
        }
    }

    private static TBSCertificate tbs(BigInteger serial, X500Name issuer, X500Name subject, Instant notBefore, Instant notAfter,
                                      PublicKey key, ExtensionsGenerator extensions) {
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(serial));
        tbs.setSignature(ECDSA_SHA256);
        tbs.setIssuer(issuer);
        tbs.setSubject(subject);
        tbs.setStartDate(new Time(Date.from(notBefore)));
        tbs.setEndDate(new Time(Date.from(notAfter)));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        tbs.setExtensions(extensions.generate());
        return tbs.generateTBSCertificate();
    }

    private static byte[] sign(PrivateKey key, TBSCertificate tbs) throws IOException {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(tbs.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector certificate = new ASN1EncodableVector();
            certificate.add(tbs);
            certificate.add(ECDSA_SHA256);
            certificate.add(new DERBitString(signature.sign()));
            return new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }
}
