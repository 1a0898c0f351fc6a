package io.peerswitch.server.identity;

import io.peerswitch.server.audit.AuditTrail;
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
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device certificates for stock SIP clients (docs/security.md, "Stock SIP clients"): the user authority certifies
 * the P-256 key of a user's device for {@link #lifetime()} in the profile of a session certificate, naming the user
 * and a new device location, so the user's buddies' endpoints believe the device over SIP/TLS as that user. Each
 * issue is in the audit trail with the certificate's fingerprint.
 */
@Stateless
public class DeviceCertificates {

    /** How long a device certificate is valid unless {@code -Dpeerswitch.identity.device-certificate-days} says otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);
    /** The longest lifetime the setting may ask for. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    private UserAuthority authority;

    @EJB
    private AuditTrail audit;

    @Inject
    private Clock clock;

    public DeviceCertificates() {
    }

    /** For tests: over {@code authority}, recording in {@code audit}. */
    public DeviceCertificates(UserAuthority authority, AuditTrail audit, Clock clock) {
        this.authority = authority;
        this.audit = audit;
        this.clock = clock;
    }

    /** A device certificate of {@code userId} for the key {@code request} proves it holds. */
    public DeviceCertificate issue(String userId, DeviceCertificateRequest request) throws InvalidCertificationRequestException {
        ECPublicKey key = CertificationRequests.publicKeyOf(request.csr());
        Instant now = clock.instant();
        Instant notAfter = now.plus(lifetime());
        String deviceId = "device-" + HexFormat.of().formatHex(random(8));
        String certificate = authority.sessionCertificate(userId, deviceId, key, now, notAfter);
        String fingerprint = LocationCertificate.fingerprintOf(Der.decode(certificate, "certificate"));
        audit.record(userId, "device.certify", "device " + deviceId,
                (request.name() == null ? "" : request.name() + ", ") + fingerprint + ", until " + notAfter);
        return new DeviceCertificate(userId, deviceId, pem(certificate), pem(authority.certificateBase64()), fingerprint, notAfter);
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

    private static String pem(String base64Der) {
        byte[] der = Base64.getDecoder().decode(base64Der);
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
