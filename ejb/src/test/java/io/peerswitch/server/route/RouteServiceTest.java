package io.peerswitch.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.subscription.SubscriptionService;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.audit.AuditEntry;
import io.peerswitch.wire.route.ExternalRoute;
import io.peerswitch.wire.route.RouteSpec;
import io.peerswitch.wire.route.RouteTable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** External routing tables (FIG. 12-14) on a real H2 database: by subscription, whole or as changes, audited. */
class RouteServiceTest {

    private final TestDatabase db = new TestDatabase();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @BeforeEach
    void accounts() {
        db.run(em -> {
            for (String user : new String[] {"alice", "bob"}) {
                em.persist(new Account(user, user + "@example.com", null, "x", clock.instant()));
            }
        });
        subscriptions(s -> s.subscribe("admin", "alice", "pstn-calling", null));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private interface Work<T> {
        T run(RouteService routes) throws Exception;
    }

    private interface SubscriptionWork {
        Object run(SubscriptionService subscriptions) throws Exception;
    }

    private <T> T routes(Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new RouteService(em, clock, new AuditTrail(em, clock)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void subscriptions(SubscriptionWork work) {
        db.inTransaction(em -> {
            try {
                AuditTrail audit = new AuditTrail(em, clock);
                return work.run(new SubscriptionService(em, clock, audit, new RouteService(em, clock, audit)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static RouteSpec spec(String table, String pattern, String gateway) {
        return new RouteSpec(table, pattern, 10, gateway, "peerswitch", "gw-secret", 0, null, null);
    }

    private ExternalRoute add(String table, String pattern, String gateway) {
        return routes(r -> r.create("admin", spec(table, pattern, gateway)));
    }

    @Test
    void anEndpointGetsOnlyTheTablesItsAccountSubscribesTo() {
        ExternalRoute germany = add("pstn-calling", "49.", "sip:gw1.example.com");
        add("premium", "900.", "sip:gw2.example.com");

        RouteTable alice = routes(r -> r.forUser("alice", null, null));
        RouteTable bob = routes(r -> r.forUser("bob", null, null));

        assertThat(alice.full()).isTrue();
        assertThat(alice.tables()).containsExactly("pstn-calling");
        assertThat(alice.routes()).containsExactly(germany);
        assertThat(alice.routes().get(0).password()).isEqualTo("gw-secret");
        assertThat(alice.version()).isEqualTo(2);
        assertThat(bob.routes()).isEmpty();
        assertThat(bob.tables()).isEmpty();
    }

    @Test
    void changesSinceAVersionAreSentAsADeltaWithRemovals() {
        ExternalRoute first = add("pstn-calling", "49.", "sip:gw1.example.com");
        ExternalRoute second = add("pstn-calling", "44.", "sip:gw1.example.com");
        long had = routes(r -> r.forUser("alice", null, null)).version();

        routes(r -> r.update("admin", first.id(), spec("pstn-calling", "49.", "sip:gw3.example.com")));
        routes(r -> {
            r.delete("admin", second.id());
            return null;
        });
        ExternalRoute third = add("pstn-calling", "33.", "sip:gw1.example.com");
        add("premium", "900.", "sip:gw2.example.com");
        RouteTable delta = routes(r -> r.forUser("alice", had, List.of("pstn-calling")));

        assertThat(delta.full()).isFalse();
        assertThat(delta.routes()).extracting(ExternalRoute::id).containsExactly(first.id(), third.id());
        assertThat(delta.routes().get(0).gateway()).isEqualTo("sip:gw3.example.com");
        assertThat(delta.removed()).containsExactly(second.id());
        assertThat(delta.version()).isEqualTo(had + 4);
        RouteTable nothing = routes(r -> r.forUser("alice", delta.version(), List.of("pstn-calling")));
        assertThat(nothing.full()).isFalse();
        assertThat(nothing.routes()).isEmpty();
        assertThat(nothing.removed()).isEmpty();
    }

    @Test
    void aRouteMovedToATableTheUserDoesNotHaveIsRemovedForThem() {
        ExternalRoute route = add("pstn-calling", "49.", "sip:gw1.example.com");
        long had = routes(r -> r.forUser("alice", null, null)).version();

        routes(r -> r.update("admin", route.id(), spec("premium", "49.", "sip:gw1.example.com")));

        RouteTable delta = routes(r -> r.forUser("alice", had, List.of("pstn-calling")));
        assertThat(delta.routes()).isEmpty();
        assertThat(delta.removed()).containsExactly(route.id());
    }

    @Test
    void otherPlansAnUnknownVersionOrTooManyChangesGiveTheWholeTable() {
        add("pstn-calling", "49.", "sip:gw1.example.com");
        long had = routes(r -> r.forUser("alice", null, null)).version();

        assertThat(routes(r -> r.forUser("alice", had, List.of("pstn-calling", "premium"))).full()).as("other plans").isTrue();
        assertThat(routes(r -> r.forUser("alice", had + 99, List.of("pstn-calling"))).full()).as("a future version").isTrue();
        for (int i = 0; i <= RouteService.DELTA_LIMIT; i++) {
            add("pstn-calling", "1" + i + ".", "sip:gw1.example.com");
        }
        RouteTable many = routes(r -> r.forUser("alice", had, List.of("pstn-calling")));
        assertThat(many.full()).isTrue();
        assertThat(many.routes()).hasSize(RouteService.DELTA_LIMIT + 2);
    }

    @Test
    void subscriptionsDecideTheTablesAndExpire() {
        add("premium", "900.", "sip:gw2.example.com");
        subscriptions(s -> s.subscribe("admin", "bob", "premium", clock.instant().plus(Duration.ofDays(1))));
        assertThat(routes(r -> r.forUser("bob", null, null)).routes()).hasSize(1);

        clock.advance(Duration.ofDays(2));
        assertThat(routes(r -> r.forUser("bob", null, null)).routes()).as("expired").isEmpty();

        subscriptions(s -> s.subscribe("admin", "bob", "premium", null));
        assertThat(routes(r -> r.forUser("bob", null, null)).tables()).containsExactly("premium");
        subscriptions(s -> s.unsubscribe("admin", "bob", "premium"));
        assertThat(routes(r -> r.forUser("bob", null, null)).tables()).isEmpty();
    }

    @Test
    void changesAreAudited() {
        ExternalRoute route = add("pstn-calling", "49.", "sip:gw1.example.com");
        routes(r -> {
            r.delete("ops", route.id());
            return null;
        });

        List<AuditEntry> trail = db.inTransaction(em -> new AuditTrail(em, clock).since(Instant.EPOCH, 100));
        assertThat(trail).extracting(AuditEntry::action).containsExactly("subscription.add", "route.create", "route.delete");
        assertThat(trail.get(1).detail()).contains("49.", "gw1.example.com").doesNotContain("gw-secret");
        assertThat(trail.get(2).actor()).isEqualTo("ops");
    }
}
