package io.peerswitch.server.audit;

import io.peerswitch.wire.audit.AuditEntry;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/** Writes and reads the audit trail; {@link #record} joins the caller's transaction, so a rolled-back change leaves no entry. */
@Stateless
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger("io.peerswitch.audit");
    /** Most entries one read returns. */
    public static final int MAX_PAGE = 1_000;

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private Clock clock;

    public AuditTrail() {
    }

    /** For tests: a trail over a plain entity manager. */
    public AuditTrail(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Records that {@code actor} did {@code action} to {@code target}; also logged to the "io.peerswitch.audit" category. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(String actor, String action, String target, String detail) {
        em.persist(new AuditRecord(clock.instant(), actor, action, target, detail));
        LOG.info(() -> actor + " " + action + " " + target + (detail == null ? "" : " (" + detail + ")"));
    }

    /** The entries at or after {@code since}, oldest first, at most {@code limit} (1 to {@value #MAX_PAGE}). */
    public List<AuditEntry> since(Instant since, int limit) {
        return em.createQuery("select a from AuditRecord a where a.at >= :since order by a.at, a.id", AuditRecord.class)
                .setParameter("since", since)
                .setMaxResults(Math.max(1, Math.min(limit, MAX_PAGE)))
                .getResultStream().map(AuditRecord::toWire).toList();
    }
}
