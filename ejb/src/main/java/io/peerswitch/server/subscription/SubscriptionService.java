package io.peerswitch.server.subscription;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.route.RouteService;
import io.peerswitch.server.route.RoutesChanged;
import io.peerswitch.wire.InvalidFieldException;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Administers an account's subscriptions to plans, which decide the external routing tables it downloads
 * (FIG. 12: "the routing table for a particular endpoint only having address information for external devices
 * for which the endpoint has a current subscription"); every change audited and announced to the user's
 * online endpoints.
 */
@Stateless
public class SubscriptionService {

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private AuditTrail audit;

    @EJB
    private RouteService routes;

    @Inject
    private Event<RoutesChanged> changed;

    public SubscriptionService() {
    }

    /** For tests: a service over a plain entity manager, without change events. */
    public SubscriptionService(EntityManager em, Clock clock, AuditTrail audit, RouteService routes) {
        this.em = em;
        this.clock = clock;
        this.audit = audit;
        this.routes = routes;
    }

    /** The plans {@code userId} subscribes to now. */
    public List<String> active(String userId) throws SubscriptionNotFoundException {
        return Subscriptions.activePlans(em, account(userId), clock.instant());
    }

    /** Subscribes {@code userId} to {@code plan} from now until {@code until} (null: open-ended); again: changes the end. */
    public List<String> subscribe(String actor, String userId, String plan, Instant until) throws SubscriptionNotFoundException {
        if (plan == null || !Subscription.PLAN_SYNTAX.matcher(plan).matches()) {
            throw new InvalidFieldException("plan", "must be lower-case letters, digits, '.' or '-', at most 64");
        }
        Instant now = clock.instant();
        if (until != null && !until.isAfter(now)) {
            throw new InvalidFieldException("validUntil", "must be in the future");
        }
        Account account = account(userId);
        List<Subscription> existing = em.createQuery("select s from Subscription s where s.account = :a and s.plan = :p",
                Subscription.class).setParameter("a", account).setParameter("p", plan).getResultList();
        if (existing.isEmpty()) {
            em.persist(new Subscription(account, plan, now, until));
        } else {
            existing.get(0).renew(now, until);
        }
        em.flush();
        audit.record(actor, "subscription.add", userId, plan + (until == null ? "" : " until " + until));
        announce(userId);
        return Subscriptions.activePlans(em, account, now);
    }

    /** Ends {@code userId}'s subscription to {@code plan}. */
    public List<String> unsubscribe(String actor, String userId, String plan) throws SubscriptionNotFoundException {
        Account account = account(userId);
        int deleted = em.createQuery("delete from Subscription s where s.account = :a and s.plan = :p")
                .setParameter("a", account).setParameter("p", plan).executeUpdate();
        if (deleted == 0) {
            throw new SubscriptionNotFoundException(userId + " has no subscription " + plan);
        }
        audit.record(actor, "subscription.remove", userId, plan);
        announce(userId);
        return Subscriptions.activePlans(em, account, clock.instant());
    }

    private Account account(String userId) throws SubscriptionNotFoundException {
        return Accounts.byUserId(em, userId).orElseThrow(() -> new SubscriptionNotFoundException("no user " + userId));
    }

    private void announce(String userId) {
        if (changed != null) {
            changed.fire(new RoutesChanged(Set.of(userId), routes.version()));
        }
    }
}
