package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** The latest message key credential of one installation of a user (docs/security.md, "Messages end to end"). */
@Entity
@Table(name = "message_key")
public class MessageKeyRecord {

    @Id
    @Column(name = "id", length = 36, nullable = false)
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id", nullable = false)
    private Account account;

    @Column(name = "instance_id", length = 64, nullable = false)
    private String instanceId;

    @Column(name = "credential", length = 512, nullable = false)
    private String credential;

    @Column(name = "not_after", nullable = false)
    private Instant notAfter;

    protected MessageKeyRecord() {
    }

    public MessageKeyRecord(String id, Account account, String instanceId, String credential, Instant notAfter) {
        this.id = id;
        this.account = account;
        this.instanceId = instanceId;
        this.credential = credential;
        this.notAfter = notAfter;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getCredential() {
        return credential;
    }

    public Instant getNotAfter() {
        return notAfter;
    }

    /** A newer credential of the same installation: its key may be new too (the endpoint's data was reset). */
    public void renew(String newCredential, Instant newNotAfter) {
        this.credential = newCredential;
        this.notAfter = newNotAfter;
    }
}
