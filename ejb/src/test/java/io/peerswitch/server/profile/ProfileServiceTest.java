package io.peerswitch.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.session.Location;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.server.subscription.Subscription;
import io.peerswitch.server.support.TestCaches;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.ProfileSnapshot;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProfileServiceTest {

    private final TestDatabase db = new TestDatabase();
    private final TestCaches caches = new TestCaches();
    private final SessionTable sessions = new SessionTable(caches.cache("sessions"));
    private final Instant now = Instant.now();
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void buddies() {
        db.run(em -> {
            Map<String, Account> a = new HashMap<>();
            for (String user : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
                Account account = new Account(user, user + "@example.com", user.equals("bob") ? "Bob B." : null, "x", now);
                em.persist(account);
                a.put(user, account);
            }
            a.get("bob").setStatus(PresenceStatus.BUSY);
            relate(em, a.get("alice"), a.get("bob"), RelationState.ACCEPTED);
            relate(em, a.get("bob"), a.get("alice"), RelationState.ACCEPTED);
            relate(em, a.get("alice"), a.get("carol"), RelationState.PENDING);
            relate(em, a.get("alice"), a.get("dave"), RelationState.ACCEPTED);
            relate(em, a.get("dave"), a.get("alice"), RelationState.BLOCKED);
            relate(em, a.get("alice"), a.get("erin"), RelationState.ACCEPTED);
            relate(em, a.get("erin"), a.get("alice"), RelationState.ACCEPTED);
            em.persist(new Subscription(a.get("alice"), "pstn-calling", now.minusSeconds(10), null));
            em.persist(new Subscription(a.get("alice"), "expired-plan", now.minusSeconds(100), now.minusSeconds(1)));
            em.flush();
            a.forEach((k, v) -> ids.put(k, v.getId()));
        });
    }

    @AfterEach
    void close() {
        db.close();
        caches.close();
    }

    private void relate(EntityManager em, Account owner, Account buddy, RelationState state) {
        em.persist(new BuddyRelation(owner, buddy, state, now));
    }

    private void online(String user, String location, NatType nat) {
        sessions.add(new Location(location, user, "inst-" + location, new TransportAddress("198.18.1.7", 41000),
                new TransportAddress("10.0.0.7", 5060), nat, "198.18.1.7", null, now, now.plus(Duration.ofMinutes(5)), "h",
                new TransportAddress("198.19.0.10", 3478)), now);
    }

    private ProfileSnapshot snapshotOf(String user) {
        return db.inTransaction(em -> new ProfileService(em, sessions).snapshot(em.find(Account.class, ids.get(user)), now));
    }

    @Test
    void listsEveryBuddyWithStatusAndRoutesOnlyToMutualBuddiesOnline() {
        online("bob", "b1", NatType.SYMMETRIC);
        online("bob", "b2", NatType.NO_NAT);
        online("dave", "d1", NatType.FULL_CONE);
        online("carol", "c1", NatType.FULL_CONE);

        ProfileSnapshot alice = snapshotOf("alice");

        assertThat(alice.profile().buddies()).containsExactly(
                new Buddy("bob", "Bob B.", RelationState.ACCEPTED, true, PresenceStatus.BUSY),
                new Buddy("carol", "carol", RelationState.PENDING, false, null),
                new Buddy("dave", "dave", RelationState.ACCEPTED, false, null),
                new Buddy("erin", "erin", RelationState.ACCEPTED, false, null));
        assertThat(alice.routingTable()).extracting(RoutingEntry::userId, RoutingEntry::locationId, RoutingEntry::natType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bob", "b1", NatType.SYMMETRIC),
                        org.assertj.core.groups.Tuple.tuple("bob", "b2", NatType.NO_NAT));
        assertThat(alice.routingTable().getFirst().privateAddress()).isEqualTo(new TransportAddress("10.0.0.7", 5060));
        assertThat(alice.routingTable().getFirst().reflector()).as("where the buddy's pinhole is (FIG. 24)")
                .isEqualTo(new TransportAddress("198.19.0.10", 3478));
        assertThat(alice.profile().subscriptions()).containsExactly("pstn-calling");
        assertThat(alice.pending()).isEmpty();
    }

    @Test
    void aBlockingBuddySeesNothingEither() {
        online("alice", "a1", NatType.FULL_CONE);

        ProfileSnapshot dave = snapshotOf("dave");

        assertThat(dave.profile().buddies()).containsExactly(new Buddy("alice", "alice", RelationState.BLOCKED, false, null));
        assertThat(dave.routingTable()).isEmpty();
        assertThat(snapshotOf("bob").routingTable()).extracting(RoutingEntry::userId).containsExactly("alice");
    }
}
