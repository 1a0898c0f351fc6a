package io.peerswitch.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.identity.CertificateProblem;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import io.peerswitch.wire.identity.LocationCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user authority (docs/security.md): what it issues passes the endpoint's checks, and nothing else does. */
class UserAuthorityTest {

    private static final Instant NOW = Instant.now();
    private final UserAuthority authority = UserAuthority.of(EcKeys.generate(), NOW);
    private final KeyPair session = EcKeys.generate();

    private X509Certificate authorityCertificate() throws CertificateProblem {
        return LocationCertificate.authority(Der.decode(authority.certificateBase64(), "authority"));
    }

    @Test
    void aSessionCertificateFollowsTheProfileEndpointsCheck() throws Exception {
        String issued = authority.sessionCertificate("alice", "loc-1", (ECPublicKey) session.getPublic(), NOW, NOW.plusSeconds(300));

        LocationCertificate checked = LocationCertificate.verify(Der.decode(issued, "certificate"), authorityCertificate(), NOW);

        assertThat(checked.userId()).isEqualTo("alice");
        assertThat(checked.locationId()).isEqualTo("loc-1");
        assertThat(checked.publicKey()).isEqualTo(session.getPublic());
        assertThat(checked.notAfter()).isEqualTo(NOW.plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(Der.decode(issued, "certificate")));
        assertThat(x509.getBasicConstraints()).isEqualTo(-1);
        assertThat(x509.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(x509.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(x509.getSerialNumber().bitLength()).isGreaterThan(64);
        assertThat(authority.sessionCertificate("alice", "loc-1", (ECPublicKey) session.getPublic(), NOW, NOW.plusSeconds(300)))
                .as("a random serial each time").isNotEqualTo(issued);
    }

    @Test
    void anotherAuthoritysCertificateAndAnExpiredOneAreRefused() throws Exception {
        UserAuthority rogue = UserAuthority.of(EcKeys.generate(), NOW);
        String forged = rogue.sessionCertificate("alice", "loc-1", (ECPublicKey) session.getPublic(), NOW, NOW.plusSeconds(300));
        String issued = authority.sessionCertificate("alice", "loc-1", (ECPublicKey) session.getPublic(), NOW, NOW.plusSeconds(300));

        assertThatThrownBy(() -> LocationCertificate.verify(Der.decode(forged, "c"), authorityCertificate(), NOW))
                .isInstanceOf(CertificateProblem.class);
        assertThatThrownBy(() -> LocationCertificate.verify(Der.decode(issued, "c"), authorityCertificate(), NOW.plusSeconds(3600)))
                .isInstanceOf(CertificateProblem.class);
    }

    @Test
    void theCredentialIsTheSameCertificationInCompactForm() throws Exception {
        LocationCredential credential = authority.credential("alice", "loc-1", (ECPublicKey) session.getPublic(), NOW.plusSeconds(300));

        LocationCredential checked = LocationCredential.verify(credential.text(), authorityCertificate().getPublicKey(), NOW);

        assertThat(checked.key()).isEqualTo(session.getPublic());
        assertThat(checked.userId()).isEqualTo("alice");
    }

    @Test
    void itIsCreatedOnceReadableOnlyByTheServerAndReadBackTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("peerswitch/user-authority.pem");
        String previous = System.getProperty("peerswitch.identity.authority-file");
        System.setProperty("peerswitch.identity.authority-file", file.toString());
        try {
            UserAuthority first = new UserAuthority();
            first.load();
            UserAuthority second = new UserAuthority();
            second.load();

            assertThat(second.certificateBase64()).isEqualTo(first.certificateBase64());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String issued = second.sessionCertificate("bob", "loc-2", (ECPublicKey) session.getPublic(), NOW, NOW.plusSeconds(60));
            LocationCertificate.verify(Der.decode(issued, "c"),
                    LocationCertificate.authority(Der.decode(first.certificateBase64(), "a")), NOW);

            Files.writeString(file, "garbage");
            assertThatThrownBy(new UserAuthority()::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("PEM");
        } finally {
            if (previous == null) {
                System.clearProperty("peerswitch.identity.authority-file");
            } else {
                System.setProperty("peerswitch.identity.authority-file", previous);
            }
        }
    }
}
