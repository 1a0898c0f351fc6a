package io.peerswitch.server.identity;

import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import io.peerswitch.wire.identity.LocationCredential;
import io.peerswitch.wire.identity.MessageKeyCredential;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access server's user authority (docs/security.md, "Keys and credentials"): a P-256 key and its
 * self-signed certificate, created at first start in {@code ${jboss.server.data.dir}/peerswitch/user-authority.pem}
 * (readable by the server only; {@code -Dpeerswitch.identity.authority-file} names another, which every
 * server of a cluster must share), then used to certify each location's session key at login and keepalive.
 */
@ApplicationScoped
public class UserAuthority {

    private static final Logger LOG = Logger.getLogger(UserAuthority.class.getName());
    /** How long the authority's own certificate is valid; rotate it (docs/operations.md) well before. */
    public static final Duration AUTHORITY_LIFETIME = Duration.ofDays(3650);
    /** How far back a session certificate's validity starts, for clocks a little behind ours. */
    public static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final SecureRandom random = new SecureRandom();
    private PrivateKey key;
    private X509Certificate certificate;
    private byte[] certificateDer;

    @PostConstruct
    void load() {
        Path file = Path.of(System.getProperty("peerswitch.identity.authority-file",
                Path.of(System.getProperty("jboss.server.data.dir", "."), "peerswitch", "user-authority.pem").toString()));
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            read(Files.readString(file, StandardCharsets.US_ASCII), file);
        } catch (IOException e) {
            throw new UncheckedIOException("the user authority in " + file + " cannot be read or created: " + e.getMessage(), e);
        }
        LOG.info(() -> "User authority " + certificate.getSubjectX500Principal() + " (" + LocationCertificate.fingerprintOf(certificateDer)
                + ") from " + file);
    }

    /** For tests: an authority over {@code keys} with a fresh certificate. */
    public static UserAuthority of(KeyPair keys, Instant now) {
        UserAuthority authority = new UserAuthority();
        authority.use(keys.getPrivate(), CertificateFactoryDer.authority(keys, "Peerswitch user authority", BigInteger.ONE,
                now.minus(BACKDATE), now.plus(AUTHORITY_LIFETIME)));
        return authority;
    }

    /** The authority's certificate, base64 DER, as {@code SessionInfo.authority} carries it. */
    public String certificateBase64() {
        return Der.encode(certificateDer);
    }

    /** The authority's public key: what credentials are checked against. */
    public PublicKey publicKey() {
        return certificate.getPublicKey();
    }

    /** A session certificate (base64 DER) for {@code key} of {@code userId}'s location {@code locationId}, valid until {@code notAfter}. */
    public String sessionCertificate(String userId, String locationId, ECPublicKey key, Instant now, Instant notAfter) {
        return Der.encode(CertificateFactoryDer.session(key(), certificate.getSubjectX500Principal().getEncoded(),
                new BigInteger(128, random), userId, locationId, key, now.minus(BACKDATE), notAfter));
    }

    /** The compact credential of the same certification, for the Identity headers of SIP (RFC 8224). */
    public LocationCredential credential(String userId, String locationId, ECPublicKey key, Instant notAfter) {
        return LocationCredential.issue(key(), userId, locationId, key, notAfter);
    }

    /**
     * The certification of {@code key} as the message key of {@code userId}'s installation {@code instanceId} until
     * {@code notAfter} (docs/security.md, "Messages end to end"), base64url.
     */
    public String messageKeyCredential(String userId, String instanceId, ECPublicKey key, Instant notAfter) {
        return MessageKeyCredential.issue(key(), userId, instanceId, key, notAfter).text();
    }

    private PrivateKey key() {
        return key;
    }

    private void create(Path file) throws IOException {
        KeyPair keys = EcKeys.generate();
        Instant now = Instant.now();
        byte[] der = CertificateFactoryDer.authority(keys, "Peerswitch user authority", new BigInteger(128, random),
                now.minus(BACKDATE), now.plus(AUTHORITY_LIFETIME));
        String pem = Der.pem("PRIVATE KEY", keys.getPrivate().getEncoded()) + Der.pem("CERTIFICATE", der);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".user-authority", ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file);
            LOG.info(() -> "Created the user authority in " + file + ": back it up, and give every server of a cluster the same file");
        } catch (FileAlreadyExistsException anotherServerWasFirst) {
            Files.deleteIfExists(temporary);
        }
    }

    private void read(String pem, Path file) {
        byte[] keyDer = null;
        byte[] certDer = null;
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> keyDer = der;
                case "CERTIFICATE" -> certDer = der;
                default -> { }
            }
        }
        if (keyDer == null || certDer == null) {
            throw new IllegalStateException(file + " must hold a PRIVATE KEY and a CERTIFICATE in PEM");
        }
        try {
            use(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keyDer)), certDer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(file + ": the private key is not an EC key: " + e.getMessage(), e);
        }
    }

    private void use(PrivateKey privateKey, byte[] der) {
        try {
            this.certificate = LocationCertificate.authority(der);
        } catch (io.peerswitch.wire.identity.CertificateProblem e) {
            throw new IllegalStateException("the user authority's certificate: " + e.getMessage(), e);
        }
        if (!EcKeys.isP256(certificate.getPublicKey())) {
            throw new IllegalStateException("the user authority's key must be P-256");
        }
        byte[] probe = "peerswitch user authority key check".getBytes(StandardCharsets.US_ASCII);
        if (!io.peerswitch.wire.identity.Signatures.verify(certificate.getPublicKey(), probe, new byte[0],
                io.peerswitch.wire.identity.Signatures.sign(privateKey, probe))) {
            throw new IllegalStateException("the user authority's private key does not belong to its certificate");
        }
        this.key = privateKey;
        this.certificateDer = der.clone();
    }
}
