package io.peerswitch.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.identity.Device;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.audit.AuditEntry;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.LocationCertificate;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Device certificates for stock SIP clients (docs/security.md, "Stock SIP clients"): only a key its requester holds, P-256, audited. */
class DeviceCertificatesTest {

    private final Instant now = Instant.parse("2026-12-08T09:00:00Z");
    private final MutableClock clock = new MutableClock(now);
    private final UserAuthority authority = UserAuthority.of(EcKeys.generate(), now);
    private final TestDatabase db = new TestDatabase();

    @org.junit.jupiter.api.BeforeEach
    void accounts() {
        db.run(em -> {
            Account alice = new Account("alice", "alice@example.com", null, "x", now);
            Account bob = new Account("bob", "bob@example.com", null, "x", now);
            Account carol = new Account("carol", "carol@example.com", null, "x", now);
            em.persist(alice);
            em.persist(bob);
            em.persist(carol);
            em.persist(new BuddyRelation(alice, bob, RelationState.ACCEPTED, now));
            em.persist(new BuddyRelation(bob, alice, RelationState.ACCEPTED, now));
            em.persist(new BuddyRelation(carol, alice, RelationState.PENDING, now));
        });
    }

    private interface Work<T> {
        T run(DeviceCertificates devices) throws Exception;
    }

    private <T> T devices(Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new DeviceCertificates(em, authority, new AuditTrail(em, clock), clock));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<String> revokedFor(String viewer) {
        return devices(d -> d.revokedFor(viewer, clock.instant()));
    }

    private static String csr() throws Exception {
        KeyPair device = EcKeys.generate();
        return csr(device.getPublic(), device.getPrivate(), "SHA256withECDSA");
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A PKCS#10 request for {@code subject}'s key signed with {@code signer} (RFC 2986 section 4.2), base64 DER. */
    private static String csr(PublicKey subject, PrivateKey signer, String algorithm) throws Exception {
        CertificationRequestInfo info = new CertificationRequestInfo(new X500Name("CN=desk phone"),
                SubjectPublicKeyInfo.getInstance(subject.getEncoded()), new DERSet(new ASN1EncodableVector()));
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(signer);
        signature.update(info.getEncoded(ASN1Encoding.DER));
        CertificationRequest request = new CertificationRequest(info, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                new DERBitString(signature.sign()));
        return Base64.getEncoder().encodeToString(request.getEncoded(ASN1Encoding.DER));
    }

    private DeviceCertificate issue(String user, String csr) {
        return devices(d -> d.issue(user, new DeviceCertificateRequest(csr, "desk phone")));
    }

    @Test
    void aDevicesKeyIsCertifiedAsTheUsersDeviceForThirtyDaysAndAudited() throws Exception {
        KeyPair device = EcKeys.generate();
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Base64.getDecoder().decode(csr(device.getPublic(),
                device.getPrivate(), "SHA256withECDSA"))) + "\n-----END CERTIFICATE REQUEST-----\n";

        DeviceCertificate issued = issue("alice", pem);

        byte[] der = Base64.getMimeDecoder().decode(issued.certificate().replaceAll("-----[A-Z ]+-----", ""));
        LocationCertificate checked = LocationCertificate.verify(der, LocationCertificate.authority(
                Der.decode(authority.certificateBase64(), "authority")), now);
        assertThat(checked.userId()).isEqualTo("alice");
        assertThat(checked.locationId()).isEqualTo(issued.deviceId()).startsWith("device-");
        assertThat(checked.publicKey()).isEqualTo(device.getPublic());
        assertThat(issued.notAfter()).isEqualTo(now.plus(Duration.ofDays(30)));
        assertThat(issued.fingerprint()).isEqualTo(checked.fingerprint());
        assertThat(issued.authority()).contains("BEGIN CERTIFICATE");
        List<AuditEntry> trail = db.inTransaction(em -> new AuditTrail(em, clock).since(Instant.EPOCH, 10));
        assertThat(trail).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.action()).isEqualTo("device.certify");
            assertThat(e.detail()).contains(issued.fingerprint());
        });
    }

    @Test
    void aRequestNotSignedByTheKeyItNamesIsRefused() throws Exception {
        // Someone who copied alice's device's public key cannot get it certified for himself.
        KeyPair device = EcKeys.generate();
        String forged = csr(device.getPublic(), EcKeys.generate().getPrivate(), "SHA256withECDSA");

        assertThatThrownBy(() -> CertificationRequests.publicKeyOf(forged))
                .isInstanceOf(InvalidCertificationRequestException.class).hasMessageContaining("signature");
    }

    @Test
    void anRsaKeyGarbageAndEmptyRequestsAreRefusedWithAReason() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        String rsaRequest = csr(keys.getPublic(), keys.getPrivate(), "SHA256withRSA");

        assertThatThrownBy(() -> CertificationRequests.publicKeyOf(rsaRequest)).hasMessageContaining("P-256");
        assertThatThrownBy(() -> CertificationRequests.publicKeyOf("not base64 at all!"))
                .isInstanceOf(InvalidCertificationRequestException.class);
        assertThatThrownBy(() -> CertificationRequests.publicKeyOf(Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 1, 2, 3})))
                .isInstanceOf(InvalidCertificationRequestException.class).hasMessageContaining("PKCS#10");
        assertThatThrownBy(() -> CertificationRequests.publicKeyOf("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----"))
                .isInstanceOf(InvalidCertificationRequestException.class);
        db.run(em -> assertThat(new AuditTrail(em, clock).since(Instant.EPOCH, 10)).isEmpty());
    }

    @Test
    void aRevokedDeviceIsListedAsRevokedAndItsFingerprintGoesToTheUsersBuddiesOnly() throws Exception {
        DeviceCertificate desk = issue("alice", csr());
        DeviceCertificate phone = issue("alice", csr());
        clock.advance(Duration.ofMinutes(1));

        devices(d -> {
            d.revoke("alice", phone.deviceId());
            return null;
        });

        List<Device> listed = devices(d -> d.of("alice")).devices();
        assertThat(listed).extracting(Device::deviceId).containsExactlyInAnyOrder(desk.deviceId(), phone.deviceId());
        assertThat(listed).filteredOn(d -> d.revokedAt() != null).extracting(Device::deviceId).containsExactly(phone.deviceId());
        assertThat(revokedFor("bob")).as("bob, alice's buddy").containsExactly(phone.fingerprint());
        assertThat(revokedFor("carol")).as("carol only asked alice").isEmpty();
        assertThat(revokedFor("alice")).isEmpty();
        assertThatThrownBy(() -> devices(d -> {
            d.revoke("bob", desk.deviceId());
            return null;
        })).as("not bob's to revoke").hasCauseInstanceOf(DeviceNotFoundException.class);
        List<AuditEntry> trail = db.inTransaction(em -> new AuditTrail(em, clock).since(Instant.EPOCH, 10));
        assertThat(trail).extracting(AuditEntry::action).containsExactly("device.certify", "device.certify", "device.revoke");

        // Once it expires, the revocation is no longer news: the certificate is refused for its age alone.
        clock.advance(Duration.ofDays(31));
        assertThat(revokedFor("bob")).isEmpty();
        assertThat(devices(d -> d.of("alice")).devices()).isEmpty();
    }

    @Test
    void aUserHoldsAtMostSixteenDevicesUntilOneIsRevoked() throws Exception {
        String last = null;
        for (int i = 0; i < DeviceCertificates.MAX_DEVICES; i++) {
            last = issue("alice", csr()).deviceId();
        }
        String request = csr();
        assertThatThrownBy(() -> issue("alice", request)).hasCauseInstanceOf(DeviceLimitException.class);
        String revoked = last;
        devices(d -> {
            d.revoke("alice", revoked);
            return null;
        });
        assertThat(issue("alice", request).userId()).isEqualTo("alice");
    }
}
