package io.peerswitch.endpoint.identity;

import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.EcKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Enrols a stock SIP client as one of the user's devices (docs/security.md, "Stock SIP clients"): a P-256 key made
 * here, its PKCS#10 request (RFC 2986) for the access server, and the files baresip and linphone read once the
 * server has certified it — the certificate with its key, the key alone, and the user authority as CA file.
 */
public final class DeviceEnrolment {

    private final KeyPair keys = EcKeys.generate();
    private final String name;

    /** A new key for the device called {@code name}. */
    public DeviceEnrolment(String name) {
        this.name = name;
    }

    /** The certification request in PEM, signed with the device's key (proof of possession, RFC 2986 section 4.2). */
    public String request() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        try {
            byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
            return Der.pem("CERTIFICATE REQUEST", der);
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a certification request: " + e.getMessage(), e);
        }
    }

    /** The files a stock client needs, written to {@code dir}. */
    public record DeviceFiles(Path certificateAndKey, Path certificate, Path key, Path authority) {
    }

    /**
     * Writes what the server issued beside the key into {@code dir}: {@code <name>.pem} (certificate then key, baresip's
     * {@code sip_certificate}), {@code <name>-cert.pem} and {@code <name>-key.pem} (linphone's client_cert_chain and
     * client_cert_key), {@code authority.pem} (the CA file). Key files are readable by their owner only.
     */
    public DeviceFiles write(DeviceCertificate issued, Path dir) {
        String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String key = Der.pem("PRIVATE KEY", keys.getPrivate().getEncoded());
        try {
            Files.createDirectories(dir);
            Path both = secret(dir.resolve(base + ".pem"), issued.certificate() + key);
            Path certificate = plain(dir.resolve(base + "-cert.pem"), issued.certificate());
            Path keyFile = secret(dir.resolve(base + "-key.pem"), key);
            Path authority = plain(dir.resolve("authority.pem"), issued.authority());
            return new DeviceFiles(both, certificate, keyFile, authority);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the device's files to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path plain(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static Path secret(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".device", ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }

}
