package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.store.Voicemail;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One voicemail the server keeps (FIG. 10 step 1008): its announcement, how much of its audio has arrived, whether it is complete. */
@Entity
@Table(name = "voicemail")
public class VoicemailRecord {

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

    @Column(name = "content_type", length = 64, nullable = false)
    private String contentType;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "sha256", length = 64, nullable = false)
    private String sha256;

    @Column(name = "duration_ms")
    private Long durationMillis;

    @Column(name = "received_bytes", nullable = false)
    private long received;

    @Column(name = "complete", nullable = false)
    private boolean complete;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected VoicemailRecord() {
    }

    public VoicemailRecord(String id, Account recipient, Account sender, String depositId, String contentType, long size,
                           String sha256, Long durationMillis, Instant createdAt) {
        this.id = id;
        this.recipient = recipient;
        this.sender = sender;
        this.depositId = depositId;
        this.contentType = contentType;
        this.size = size;
        this.sha256 = sha256;
        this.durationMillis = durationMillis;
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

    public long getSize() {
        return size;
    }

    public String getSha256() {
        return sha256;
    }

    public String getContentType() {
        return contentType;
    }

    public long getReceived() {
        return received;
    }

    public boolean isComplete() {
        return complete;
    }

    /** {@code bytes} more arrived (durably, in the file). */
    public void received(long bytes) {
        this.received = bytes;
    }

    /** All bytes arrived and matched the announced SHA-256. */
    public void complete() {
        this.complete = true;
    }

    /** The voicemail as it goes on the wire. */
    public Voicemail toWire() {
        return new Voicemail(id, sender.getUserId(), recipient.getUserId(), contentType, size, sha256, durationMillis, createdAt,
                received, complete);
    }
}
