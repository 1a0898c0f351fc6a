package io.peerswitch.server.audit;

import io.peerswitch.wire.audit.AuditEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One administrative change, written in the transaction that made it, so the trail holds exactly what was committed. */
@Entity
@Table(name = "admin_audit")
public class AuditRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "admin_audit_seq")
    @SequenceGenerator(name = "admin_audit_seq", sequenceName = "admin_audit_seq", allocationSize = 50)
    private Long id;

    @Column(name = "at", nullable = false)
    private Instant at;

    @Column(name = "actor", nullable = false, length = 64)
    private String actor;

    @Column(name = "action", nullable = false, length = 64)
    private String action;

    @Column(name = "target", nullable = false, length = 128)
    private String target;

    @Column(name = "detail", length = 1024)
    private String detail;

    protected AuditRecord() {
    }

    public AuditRecord(Instant at, String actor, String action, String target, String detail) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.detail = detail == null || detail.length() <= 1024 ? detail : detail.substring(0, 1021) + "...";
    }

    public AuditEntry toWire() {
        return new AuditEntry(id, at, actor, action, target, detail);
    }
}
