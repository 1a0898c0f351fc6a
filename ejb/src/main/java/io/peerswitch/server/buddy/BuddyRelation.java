package io.peerswitch.server.buddy;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.profile.RelationState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;

/**
 * One side of a relation between two accounts, as its owner sees it; two users are buddies when both
 * sides are {@link RelationState#ACCEPTED} (FIG. 7-9).
 */
@Entity
@Table(name = "buddy_relation", uniqueConstraints = @UniqueConstraint(name = "uk_buddy_relation", columnNames = {"owner_id", "buddy_id"}))
public class BuddyRelation {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "buddy_relation_seq")
    @SequenceGenerator(name = "buddy_relation_seq", sequenceName = "buddy_relation_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "owner_id", nullable = false)
    private Account owner;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "buddy_id", nullable = false)
    private Account buddy;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private RelationState state;

    @Column(name = "since", nullable = false)
    private Instant since;

    protected BuddyRelation() {
    }

    public BuddyRelation(Account owner, Account buddy, RelationState state, Instant since) {
        if (owner == buddy) {
            throw new IllegalArgumentException("an account cannot be its own buddy");
        }
        this.owner = owner;
        this.buddy = buddy;
        this.state = state;
        this.since = since;
    }

    public Long getId() {
        return id;
    }

    public Account getOwner() {
        return owner;
    }

    public Account getBuddy() {
        return buddy;
    }

    public RelationState getState() {
        return state;
    }

    /** Moves the relation to {@code newState} as of {@code at}. */
    public void setState(RelationState newState, Instant at) {
        if (newState != state) {
            this.state = newState;
            this.since = at;
        }
    }

    public Instant getSince() {
        return since;
    }
}
