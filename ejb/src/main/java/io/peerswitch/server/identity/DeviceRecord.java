package io.peerswitch.server.identity;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.identity.Device;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A device certificate the user authority issued, kept until it expires so it can be revoked (schema version 8). */
@Entity
@Table(name = "device_certificate")
public class DeviceRecord {

    @Id
    @Column(name = "device_id", length = 40, nullable = false)
    private String deviceId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(name = "name", length = 64)
    private String name;

    @Column(name = "fingerprint", length = 95, nullable = false)
    private String fingerprint;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected DeviceRecord() {
    }

    public DeviceRecord(String deviceId, Account account, String name, String fingerprint, Instant issuedAt, Instant notAfter) {
        this.deviceId = deviceId;
        this.account = account;
        this.name = name;
        this.fingerprint = fingerprint;
        this.issuedAt = issuedAt;
        this.notAfter = notAfter;
    }

    /** Revokes the certificate at {@code now}, once. */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    public Device toWire() {
        return new Device(deviceId, name, fingerprint, issuedAt, notAfter, revokedAt);
    }
}
