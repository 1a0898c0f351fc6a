package io.peerswitch.server.route;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.subscription.Subscriptions;
import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteSpec;
import io.peerswitch.wire.route.RouteTable;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The external routing tables (FIG. 12-14): administered and audited routes, each change numbered in commit
 * order; an endpoint gets the routes of the plans its account subscribes to, whole or as the changes since
 * the version it has (FIG. 14 steps 1404, 1414-1416).
 */
@Stateless
public class RouteService {

    /** More changes than this since an endpoint's version, and it gets the whole table instead (FIG. 14 step 1414). */
    public static final int DELTA_LIMIT = 200;

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private Clock clock;

    @Inject
    private AuditTrail audit;

    @Inject
    private Event<RoutesChanged> changed;

    public RouteService() {
    }

    /** For tests: a service over a plain entity manager, without change events. */
    public RouteService(EntityManager em, Clock clock, AuditTrail audit) {
        this.em = em;
        this.clock = clock;
        this.audit = audit;
    }

    /** Every route, or those of {@code table}, by table, priority and number. */
    public List<ExternalRoute> list(String table) {
        return em.createQuery("select r from ExternalRouteRecord r where (:table is null or r.table = :table)"
                        + " order by r.table, r.priority, r.id", ExternalRouteRecord.class)
                .setParameter("table", table).getResultStream().map(ExternalRouteRecord::toWire).toList();
    }

    /** Route {@code id}. */
    public ExternalRoute get(long id) throws RouteNotFoundException {
        return find(id).toWire();
    }

    /** Adds a route. */
    public ExternalRoute create(String actor, RouteSpec spec) {
        long version = nextVersion();
        ExternalRouteRecord r = new ExternalRouteRecord(spec, clock.instant());
        em.persist(r);
        em.flush();
        log(version, r.getTable(), r.getId(), false);
        audit.record(actor, "route.create", "route " + r.getId(), spec.toString());
        fire(Set.of(r.getTable()), version);
        return r.toWire();
    }

    /** Replaces route {@code id}; moving it to another table removes it from the old one. */
    public ExternalRoute update(String actor, long id, RouteSpec spec) throws RouteNotFoundException {
        ExternalRouteRecord r = find(id);
        long version = nextVersion();
        String before = r.getTable();
        r.set(spec, clock.instant());
        em.flush();
        if (!before.equals(r.getTable())) {
            log(version, before, id, true);
        }
        log(version, r.getTable(), id, false);
        audit.record(actor, "route.update", "route " + id, spec.toString());
        fire(new TreeSet<>(List.of(before, r.getTable())), version);
        return r.toWire();
    }

    /** Removes route {@code id}. */
    public void delete(String actor, long id) throws RouteNotFoundException {
        ExternalRouteRecord r = find(id);
        long version = nextVersion();
        em.remove(r);
        em.flush();
        log(version, r.getTable(), id, true);
        audit.record(actor, "route.delete", "route " + id, r.toWire().toString());
        fire(Set.of(r.getTable()), version);
    }

    /**
     * The routes {@code userId} may use (FIG. 14 step 1404): those of the plans its account has an active
     * subscription to. With {@code since} and the {@code tables} the endpoint holds, only what changed since
     * (routes written, numbers removed), unless the plans differ, the version is unknown, or more than
     * {@value #DELTA_LIMIT} changes happened (FIG. 14 step 1414): then the whole table.
     */
    public RouteTable forUser(String userId, Long since, Collection<String> tables) {
        long version = version();
        Account account = Accounts.byUserId(em, userId).orElse(null);
        List<String> plans = account == null ? List.of() : Subscriptions.activePlans(em, account, clock.instant());
        if (plans.isEmpty()) {
            return new RouteTable(version, true, plans, List.of(), List.of());
        }
        boolean same = tables != null && new TreeSet<>(tables).equals(new TreeSet<>(plans));
        if (since != null && same && since >= 0 && since <= version) {
            List<Long> changedIds = em.createQuery("select c.routeId from RouteChangeRecord c where c.table in :plans"
                            + " and c.version > :since and c.version <= :version order by c.version", Long.class)
                    .setParameter("plans", plans).setParameter("since", since).setParameter("version", version)
                    .setMaxResults(DELTA_LIMIT + 1).getResultList();
            if (changedIds.size() <= DELTA_LIMIT) {
                List<ExternalRoute> routes = new ArrayList<>();
                List<Long> removed = new ArrayList<>();
                for (long id : new LinkedHashSet<>(changedIds)) {
                    ExternalRouteRecord r = em.find(ExternalRouteRecord.class, id);
                    if (r != null && plans.contains(r.getTable())) {
                        routes.add(r.toWire());
                    } else {
                        removed.add(id);
                    }
                }
                return new RouteTable(version, false, plans, routes, removed);
            }
        }
        List<ExternalRoute> all = em.createQuery("select r from ExternalRouteRecord r where r.table in :plans"
                        + " order by r.table, r.priority, r.id", ExternalRouteRecord.class)
                .setParameter("plans", plans).getResultStream().map(ExternalRouteRecord::toWire).toList();
        return new RouteTable(version, true, plans, all, List.of());
    }

    /** The current route version (what a subscription change is announced with). */
    public long version() {
        return em.find(RouteVersion.class, RouteVersion.ID).getVersion();
    }

    private ExternalRouteRecord find(long id) throws RouteNotFoundException {
        ExternalRouteRecord r = em.find(ExternalRouteRecord.class, id);
        if (r == null) {
            throw new RouteNotFoundException(id);
        }
        return r;
    }

    /** The next change number, holding the version row until commit so that numbers commit in order. */
    private long nextVersion() {
        return em.find(RouteVersion.class, RouteVersion.ID, LockModeType.PESSIMISTIC_WRITE).next();
    }

    private void log(long version, String table, long routeId, boolean removed) {
        em.persist(new RouteChangeRecord(version, table, routeId, removed, clock.instant()));
    }

    /** Announces the change to the users subscribed to {@code tables}. */
    private void fire(Set<String> tables, long version) {
        if (changed == null) {
            return;
        }
        changed.fire(new RoutesChanged(new TreeSet<>(Subscriptions.subscribers(em, tables, clock.instant())), version));
    }
}
