package io.peerswitch.server.subscription;

import io.peerswitch.server.account.Account;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Queries on {@link Subscription}, shared by the profile (its plans) and the external routing tables (FIG. 12). */
public final class Subscriptions {

    private Subscriptions() {
    }

    /** The plans {@code account} has an active subscription to at {@code now}, sorted. */
    public static List<String> activePlans(EntityManager em, Account account, Instant now) {
        return em.createQuery("""
                        select s.plan from Subscription s
                        where s.account = :me and s.validFrom <= :now and (s.validUntil is null or s.validUntil > :now)
                        order by s.plan""", String.class)
                .setParameter("me", account)
                .setParameter("now", now)
                .getResultList();
    }

    /** The users with an active subscription to one of {@code plans} at {@code now}. */
    public static List<String> subscribers(EntityManager em, Collection<String> plans, Instant now) {
        return em.createQuery("""
                        select distinct s.account.userId from Subscription s
                        where s.plan in :plans and s.validFrom <= :now and (s.validUntil is null or s.validUntil > :now)""",
                        String.class)
                .setParameter("plans", plans)
                .setParameter("now", now)
                .getResultList();
    }
}
