package io.peerswitch.server.buddy;

import io.peerswitch.server.account.Account;
import io.peerswitch.wire.profile.RelationState;
import jakarta.persistence.EntityManager;

/** Queries about buddy relations that several services ask. */
public final class Relations {

    private Relations() {
    }

    /** Whether {@code a} and {@code b} are buddies: both sides have accepted (FIG. 4: "both previously agreed to communicate"). */
    public static boolean mutuallyAccepted(EntityManager em, Account a, Account b) {
        Long accepted = em.createQuery("""
                        select count(r) from BuddyRelation r
                        where ((r.owner = :a and r.buddy = :b) or (r.owner = :b and r.buddy = :a)) and r.state = :accepted""", Long.class)
                .setParameter("a", a).setParameter("b", b).setParameter("accepted", RelationState.ACCEPTED)
                .getSingleResult();
        return accepted == 2;
    }
}
