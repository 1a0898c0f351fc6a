package io.peerswitch.server.buddy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.session.Location;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.server.support.Configs;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestCaches;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Buddy requests, answers, deletion and blocking (FIG. 7-9) on a real H2 database with the Flyway schema. */
class BuddyServiceTest {

    private final TestDatabase db = new TestDatabase();
    private final TestCaches caches = new TestCaches();
    private final SessionTable sessions = new SessionTable(caches.cache("sessions"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void accounts() {
        db.run(em -> {
            for (String user : new String[] {"alice", "bob", "carol"}) {
                Account account = new Account(user, user + "@example.com", null, "x", clock.instant());
                em.persist(account);
                em.flush();
                ids.put(user, account.getId());
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
        caches.close();
    }

    private interface Work<T> {
        T run(BuddyService service) throws BuddyException;
    }

    private <T> T buddies(Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new BuddyService(em, sessions, Configs.defaults(), clock));
            } catch (BuddyException e) {
                throw new Refused(e);
            }
        });
    }

    private static final class Refused extends RuntimeException {
        final BuddyException cause;

        Refused(BuddyException cause) {
            super(cause.type(), cause);
            this.cause = cause;
        }
    }

    private String refusal(Work<?> work) {
        try {
            buddies(work);
        } catch (Refused e) {
            return e.cause.type() + " " + e.cause.status();
        }
        throw new AssertionError("not refused");
    }

    private Optional<RelationState> relation(String owner, String buddy) {
        return db.inTransaction(em -> em.createQuery("select r.state from BuddyRelation r where r.owner.id = :o and r.buddy.id = :b",
                        RelationState.class).setParameter("o", ids.get(owner)).setParameter("b", ids.get(buddy))
                .getResultStream().findFirst());
    }

    private List<PendingItem> pendingOf(String user) {
        return db.inTransaction((EntityManager em) -> BuddyService.pending(em, em.find(Account.class, ids.get(user))));
    }

    private void online(String user) {
        sessions.add(new Location("loc-" + user, user, "inst-" + user, new TransportAddress("198.18.1.7", 41000),
                new TransportAddress("10.0.0.7", 5060), NatType.NO_NAT, "198.18.1.7", null, clock.instant(),
                clock.instant().plus(Duration.ofMinutes(5)), "h", null), clock.instant());
    }

    @Test
    void aRequestToAnOnlineUserNamesNoLocationAndOnlyAGrantMakesBothBuddiesAndNamesTheRequestersLocations() {
        online("bob");
        online("alice");
        var created = buddies(s -> s.request("alice", new BuddyRequestCreate("Bob", "it's Alice")));

        assertThat(created.created()).isTrue();
        assertThat(created.answer().targetLocations()).as("a requester is no buddy").isEmpty();
        assertThat(created.answer().request().fromLocations()).isEmpty();
        assertThat(relation("alice", "bob")).contains(RelationState.PENDING);
        List<BuddyRequest> incoming = buddies(s -> s.incoming("bob"));
        assertThat(incoming).extracting(BuddyRequest::from, BuddyRequest::note)
                .containsExactly(tuple("alice", "it's Alice"));
        assertThat(incoming.getFirst().fromLocations()).as("nor is the target the requester's buddy").isEmpty();

        BuddyChange granted = buddies(s -> s.answer("bob", created.answer().request().id(), true));

        assertThat(granted.userId()).isEqualTo("alice");
        assertThat(granted.relation()).isEqualTo(RelationState.ACCEPTED);
        assertThat(granted.locations()).extracting(RoutingEntry::userId).containsExactly("alice");
        assertThat(relation("alice", "bob")).contains(RelationState.ACCEPTED);
        assertThat(relation("bob", "alice")).contains(RelationState.ACCEPTED);
        assertThat(pendingOf("bob")).isEmpty();
        assertThat(refusal(s -> s.request("alice", new BuddyRequestCreate("bob", null)))).isEqualTo("already-buddies 409");
    }

    @Test
    void aRequestToAnOfflineUserIsHeldAndAnnouncedAtItsLogin() {
        var created = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null)));
        var again = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null)));

        assertThat(created.answer().targetLocations()).isEmpty();
        assertThat(again.created()).isFalse();
        assertThat(again.answer().request().id()).isEqualTo(created.answer().request().id());
        assertThat(pendingOf("bob")).extracting(PendingItem::kind, PendingItem::id, PendingItem::from)
                .containsExactly(tuple("buddy-request", created.answer().request().id(), "alice"));
        assertThat(refusal(s -> s.request("bob", new BuddyRequestCreate("alice", null)))).isEqualTo("request-exists 409");
    }

    @Test
    void aDenialIsRememberedAndARepeatRefusedUntilThePeriodEnds() {
        online("alice");
        String id = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null))).answer().request().id();
        BuddyChange denied = buddies(s -> s.answer("bob", id, false));

        assertThat(denied.relation()).isNull();
        assertThat(denied.locations()).as("a denier is no buddy").isEmpty();
        assertThat(relation("alice", "bob")).isEmpty();
        assertThat(pendingOf("bob")).isEmpty();
        assertThat(refusal(s -> s.request("alice", new BuddyRequestCreate("bob", null)))).isEqualTo("request-refused-recently 429");

        clock.advance(Duration.ofDays(7).plusSeconds(1));
        var later = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", "please")));
        assertThat(later.created()).isTrue();
        assertThat(pendingOf("bob")).hasSize(1);
    }

    @Test
    void onlyTheTargetAnswersAndOnlyOpenRequests() {
        String id = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null))).answer().request().id();

        assertThat(refusal(s -> s.answer("carol", id, true))).isEqualTo("not-found 404");
        assertThat(refusal(s -> s.answer("alice", id, true))).isEqualTo("not-found 404");
        assertThat(refusal(s -> s.get("carol", id))).isEqualTo("not-found 404");
        BuddyRequest seen = buddies(s -> s.get("alice", id));
        assertThat(seen.to()).isEqualTo("bob");
        buddies(s -> s.answer("bob", id, true));
        assertThat(refusal(s -> s.answer("bob", id, true))).isEqualTo("not-found 404");
        assertThat(refusal(s -> s.request("alice", new BuddyRequestCreate("nobody", null)))).isEqualTo("unknown-user 404");
    }

    @Test
    void deletionIsBilateralAndBlockingStopsRequests() {
        online("alice");
        online("bob");
        online("carol");
        String id = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null))).answer().request().id();
        buddies(s -> s.answer("bob", id, true));

        BuddyChange blocked = buddies(s -> s.block("bob", "alice"));
        assertThat(blocked.relation()).isEqualTo(RelationState.BLOCKED);
        assertThat(blocked.locations()).as("a blocker is no mutual buddy").isEmpty();
        assertThat(relation("alice", "bob")).contains(RelationState.ACCEPTED);
        assertThat(refusal(s -> s.unblock("alice", "bob"))).isEqualTo("not-blocked 409");
        BuddyChange unblocked = buddies(s -> s.unblock("bob", "alice"));
        assertThat(unblocked.relation()).isEqualTo(RelationState.ACCEPTED);
        assertThat(unblocked.locations()).as("mutual and accepted again").extracting(RoutingEntry::userId).containsExactly("alice");

        BuddyChange deleted = buddies(s -> s.delete("alice", "bob"));
        assertThat(deleted.relation()).isNull();
        assertThat(deleted.locations()).as("no buddies any more").isEmpty();
        assertThat(relation("alice", "bob")).isEmpty();
        assertThat(relation("bob", "alice")).as("bilateral").isEmpty();
        assertThat(refusal(s -> s.delete("alice", "bob"))).isEqualTo("not-found 404");

        buddies(s -> s.request("carol", new BuddyRequestCreate("alice", null)));
        assertThat(buddies(s -> s.block("alice", "carol")).locations()).as("a stranger who asked").isEmpty();
        assertThat(buddies(s -> s.block("carol", "bob")).locations()).as("a stranger").isEmpty();
        assertThat(buddies(s -> s.unblock("carol", "bob")).locations()).as("a stranger, unblocked").isEmpty();
        assertThat(pendingOf("alice")).as("a block drops the blocked user's open request").isEmpty();
        assertThat(refusal(s -> s.request("carol", new BuddyRequestCreate("alice", null)))).isEqualTo("not-allowed 403");
    }

    @Test
    void aRequesterWithdrawsItsRequest() {
        String id = buddies(s -> s.request("alice", new BuddyRequestCreate("bob", null))).answer().request().id();
        assertThat(refusal(s -> {
            s.withdraw("bob", id);
            return null;
        })).isEqualTo("not-found 404");
        buddies(s -> {
            s.withdraw("alice", id);
            return null;
        });
        assertThat(pendingOf("bob")).isEmpty();
        assertThat(relation("alice", "bob")).isEmpty();
    }
}
