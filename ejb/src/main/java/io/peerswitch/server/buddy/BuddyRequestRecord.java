package io.peerswitch.server.buddy;

import io.peerswitch.server.account.Account;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A buddy request the server holds (FIG. 8 step 810) until its target answers, or a denial it remembers for a while (FIG. 7). */
@Entity
@Table(name = "buddy_request")
public class BuddyRequestRecord {

    /** An open request, or a denied one remembered so that a repeat is refused for a while. */
    public enum State { OPEN, DENIED }

    @Id
    @Column(name = "id", length = 36, nullable = false)
    private String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "requester_id", nullable = false)
    private Account requester;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "target_id", nullable = false)
    private Account target;

    @Column(name = "note", length = 256)
    private String note;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(name = "state", length = 16, nullable = false)
    private State state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "answered_at")
    private Instant answeredAt;

    protected BuddyRequestRecord() {
    }

    public BuddyRequestRecord(String id, Account requester, Account target, String note, Instant createdAt) {
        this.id = id;
        this.requester = requester;
        this.target = target;
        this.note = note;
        this.state = State.OPEN;
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public Account getRequester() {
        return requester;
    }

    public Account getTarget() {
        return target;
    }

    public String getNote() {
        return note;
    }

    public State getState() {
        return state;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getAnsweredAt() {
        return answeredAt;
    }

    /** The target denied it at {@code at}. */
    public void deny(Instant at) {
        state = State.DENIED;
        answeredAt = at;
    }

    /** Asked again after a denial expired: open anew. */
    public void reopen(String newNote, Instant at) {
        state = State.OPEN;
        note = newNote;
        createdAt = at;
        answeredAt = null;
    }
}
