package io.peerswitch.server.account;

import jakarta.persistence.EntityManager;
import java.util.Optional;

/** Queries on {@link Account}, shared by the services that need them. */
public final class Accounts {

    private Accounts() {
    }

    /** The account of {@code userId} (already normalised). */
    public static Optional<Account> byUserId(EntityManager em, String userId) {
        return em.createQuery("select a from Account a where a.userId = :userId", Account.class)
                .setParameter("userId", userId)
                .getResultStream()
                .findFirst();
    }

    /** Whether an account other than {@code exceptUserId} uses {@code email}. */
    public static boolean emailTaken(EntityManager em, String email, String exceptUserId) {
        return !em.createQuery("select a.id from Account a where a.email = :email and a.userId <> :except", Long.class)
                .setParameter("email", email)
                .setParameter("except", exceptUserId == null ? "" : exceptUserId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }
}
