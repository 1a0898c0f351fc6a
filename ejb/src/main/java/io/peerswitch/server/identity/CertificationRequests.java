package io.peerswitch.server.identity;

import io.peerswitch.wire.identity.EcKeys;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads a PKCS#10 certification request (RFC 2986) as {@code openssl req -new} makes it: the P-256 public key it
 * asks to have certified, once its self-signature proves the requester holds the private key (section 4.2). Pure
 * functions; Bouncy Castle's ASN.1 structures and the JDK's ECDSA.
 */
public final class CertificationRequests {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\\s]+)-----END (NEW )?CERTIFICATE REQUEST-----");

    private CertificationRequests() {
    }

    /** The P-256 key {@code text} (PEM or base64 DER) asks to have certified, signed by that key with ECDSA-SHA256. */
    public static ECPublicKey publicKeyOf(String text) throws InvalidCertificationRequestException {
        byte[] der = der(text);
        CertificationRequest request;
        try {
            request = CertificationRequest.getInstance(der);
        } catch (RuntimeException e) {
            throw new InvalidCertificationRequestException("not a PKCS#10 certification request");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    request.getCertificationRequestInfo().getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER)));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new InvalidCertificationRequestException("its key is not an EC key: use a P-256 key (openssl ecparam -name prime256v1)");
        }
        if (!(key instanceof ECPublicKey ec) || !EcKeys.isP256(ec)) {
            throw new InvalidCertificationRequestException("its key is not P-256 (prime256v1)");
        }
        if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(request.getSignatureAlgorithm().getAlgorithm())) {
            throw new InvalidCertificationRequestException("it must be signed with ecdsa-with-SHA256");
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(ec);
            verifier.update(request.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
            if (!verifier.verify(request.getSignature().getOctets())) {
                throw new InvalidCertificationRequestException("its signature does not verify with its own key");
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidCertificationRequestException("its signature does not verify with its own key");
        }
        return ec;
    }

    private static byte[] der(String text) throws InvalidCertificationRequestException {
        Matcher pem = PEM.matcher(text);
        String base64 = pem.find() ? pem.group(2) : text;
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            if (der.length == 0) {
                throw new InvalidCertificationRequestException("empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new InvalidCertificationRequestException("neither PEM nor base64 DER");
        }
    }
}
