package io.peerswitch.server.identity;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.wire.identity.Devices;
import io.peerswitch.wire.profile.RelationState;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import io.peerswitch.wire.identity.Der;
import io.peerswitch.wire.identity.DeviceCertificate;
import io.peerswitch.wire.identity.DeviceCertificateRequest;
import io.peerswitch.wire.identity.LocationCertificate;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Device certificates for stock SIP clients (docs/security.md, "Stock SIP clients"): the user authority certifies
 * the P-256 key of a user's device for {@link #lifetime()} in the profile of a session certificate, naming the user
 * and a new device location, so the user's buddies' endpoints believe the device over SIP/TLS as that user. Each
 * issue and revocation is in the audit trail with the certificate's fingerprint; a revoked certificate's fingerprint
 * goes to the endpoints of the user's buddies with each login and keepalive until it expires.
 */
@Stateless
public class DeviceCertificates {

    /** How long a device certificate is valid unless {@code -Dpeerswitch.identity.device-certificate-days} says otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    /** The longest lifetime the setting may ask for. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    /** Devices with an unexpired, unrevoked certificate a user may hold at once. */
    public static final int MAX_DEVICES = 16;
    /** Revoked fingerprints handed to one endpoint at most, newest revocation first. */
    public static final int MAX_REVOKED_SHOWN = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private UserAuthority authority;

    @EJB
    private AuditTrail audit;

    @Inject
    private Clock clock;

    public DeviceCertificates() {
    }

    /** For tests: over {@code em} and {@code authority}, recording in {@code audit}. */
    public DeviceCertificates(EntityManager em, UserAuthority authority, AuditTrail audit, Clock clock) {
        this.em = em;
        this.authority = authority;
        this.audit = audit;
        this.clock = clock;
    }

    /** A device certificate of {@code userId} for the key {@code request} proves it holds. */
    public DeviceCertificate issue(String userId, DeviceCertificateRequest request)
            throws InvalidCertificationRequestException, DeviceLimitException {
        ECPublicKey key = CertificationRequests.publicKeyOf(request.csr());
        Instant now = clock.instant();
        Account account = account(userId);
        em.createQuery("delete from DeviceRecord d where d.account = :a and d.notAfter < :now")
                .setParameter("a", account).setParameter("now", now).executeUpdate();
        long live = em.createQuery("select count(d) from DeviceRecord d where d.account = :a and d.revokedAt is null", Long.class)
                .setParameter("a", account).getSingleResult();
        if (live >= MAX_DEVICES) {
            throw new DeviceLimitException(MAX_DEVICES);
        }
        Instant notAfter = now.plus(lifetime());
        String deviceId = "device-" + HexFormat.of().formatHex(random(8));
        byte[] certificate = Der.decode(authority.sessionCertificate(userId, deviceId, key, now, notAfter), "certificate");
        String fingerprint = LocationCertificate.fingerprintOf(certificate);
        em.persist(new DeviceRecord(deviceId, account, request.name(), fingerprint, now, notAfter));
        audit.record(userId, "device.certify", "device " + deviceId,
                (request.name() == null ? "" : request.name() + ", ") + fingerprint + ", until " + notAfter);
        return new DeviceCertificate(userId, deviceId, Der.pem("CERTIFICATE", certificate),
                Der.pem("CERTIFICATE", Der.decode(authority.certificateBase64(), "authority")), fingerprint, notAfter);
    }

    /** {@code userId}'s devices whose certificate has not expired, newest first, revoked ones included. */
    public Devices of(String userId) {
        return new Devices(em.createQuery("select d from DeviceRecord d where d.account = :a and d.notAfter >= :now "
                        + "order by d.issuedAt desc", DeviceRecord.class)
                .setParameter("a", account(userId)).setParameter("now", clock.instant())
                .getResultStream().map(DeviceRecord::toWire).toList());
    }

    /** Revokes {@code userId}'s device {@code deviceId}: its buddies' endpoints refuse its certificate from their next keepalive. */
    public void revoke(String userId, String deviceId) throws DeviceNotFoundException {
        Instant now = clock.instant();
        List<DeviceRecord> found = em.createQuery("select d from DeviceRecord d where d.deviceId = :id and d.account = :a "
                        + "and d.notAfter >= :now", DeviceRecord.class)
                .setParameter("id", deviceId).setParameter("a", account(userId)).setParameter("now", now).getResultList();
        if (found.isEmpty()) {
            throw new DeviceNotFoundException(deviceId);
        }
        found.getFirst().revoke(now);
        audit.record(userId, "device.revoke", "device " + deviceId, found.getFirst().toWire().fingerprint());
    }

    /**
     * The fingerprints of revoked, unexpired device certificates of {@code viewerId}'s accepted buddies, at most
     * {@link #MAX_REVOKED_SHOWN}, newest revocation first: what the viewer's endpoint must refuse over TLS.
     */
    public List<String> revokedFor(String viewerId, Instant now) {
        return em.createQuery("select d.fingerprint from DeviceRecord d, BuddyRelation r where r.owner.userId = :viewer "
                        + "and r.state = :accepted and d.account = r.buddy and d.revokedAt is not null and d.notAfter >= :now "
                        + "order by d.revokedAt desc", String.class)
                .setParameter("viewer", viewerId).setParameter("accepted", RelationState.ACCEPTED).setParameter("now", now)
                .setMaxResults(MAX_REVOKED_SHOWN).getResultList();
    }

    private Account account(String userId) {
        return Accounts.byUserId(em, userId).orElseThrow(() -> new IllegalStateException("no account " + userId));
    }

    /** The configured lifetime of device certificates: 1 to 365 days. */
    public static Duration lifetime() {
        String days = System.getProperty("peerswitch.identity.device-certificate-days");
        if (days == null) {
            return DEFAULT_LIFETIME;
        }
        try {
            Duration configured = Duration.ofDays(Long.parseLong(days.strip()));
            if (configured.isNegative() || configured.isZero() || configured.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalStateException("peerswitch.identity.device-certificate-days must be 1 to 365, not " + days);
            }
            return configured;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("peerswitch.identity.device-certificate-days must be a number of days, not " + days, e);
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }

}
