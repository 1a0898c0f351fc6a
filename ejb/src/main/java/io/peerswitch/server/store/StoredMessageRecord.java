package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.store.StoredMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One instant message the server keeps for its recipient (claim 15), with the sender's deposit ID that makes retries
 * idempotent: its sealed envelope, or, for a row kept before schema version 7, its text in clear.
 */
@Entity
@Table(name = "stored_message")
public class StoredMessageRecord {

    @Id
    @Column(name = "id", length = 36, nullable = false)
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "recipient_id", nullable = false)
    private Account recipient;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sender_id", nullable = false)
    private Account sender;

    @Column(name = "deposit_id", length = 64, nullable = false)
    private String depositId;

    @Column(name = "body", length = 16384)
    private String body;

    @Column(name = "envelope", length = 131072)
    private String envelope;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredMessageRecord() {
    }

    /** A sealed message: {@code envelope} is the deposit's base64 CMS, which the server cannot read. */
    public StoredMessageRecord(String id, Account recipient, Account sender, String depositId, String envelope, Instant createdAt) {
        this.id = id;
        this.recipient = recipient;
        this.sender = sender;
        this.depositId = depositId;
        this.envelope = envelope;
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public Account getRecipient() {
        return recipient;
    }

    public Account getSender() {
        return sender;
    }

    /** The message as it goes on the wire. */
    public StoredMessage toWire() {
        return new StoredMessage(id, sender.getUserId(), recipient.getUserId(), body, envelope, createdAt);
    }
}
