package io.peerswitch.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.store.MessageKeyDirectory;
import io.peerswitch.server.store.NotABuddyException;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestCaches;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.session.Installation;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lost or stolen installation (docs/security.md) on a real H2 database and a local Infinispan cache: listed with its
 * message key and presence, and revoked — its key no longer handed to buddies, its sessions ended — by its user only.
 */
class InstallationServiceTest {

    private final TestDatabase db = new TestDatabase();
    private final TestCaches caches = new TestCaches();
    private final SessionTable sessions = new SessionTable(caches.cache("sessions"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void accounts() {
        db.run(em -> {
            Account alice = new Account("alice", "alice@example.com", null, "x", clock.instant());
            Account bob = new Account("bob", "bob@example.com", null, "x", clock.instant());
            em.persist(alice);
            em.persist(bob);
            em.persist(new BuddyRelation(alice, bob, RelationState.ACCEPTED, clock.instant()));
            em.persist(new BuddyRelation(bob, alice, RelationState.ACCEPTED, clock.instant()));
            em.flush();
            ids.put("alice", alice.getId());
            ids.put("bob", bob.getId());
            MessageKeyDirectory keys = new MessageKeyDirectory(em, clock);
            keys.remember(bob, "desk", "desk-key", clock.instant().plus(Duration.ofDays(30)));
            keys.remember(bob, "laptop", "laptop-key", clock.instant().plus(Duration.ofDays(29)));
        });
        online("bob", "loc-laptop", "laptop", "Peerswitch/1.0 laptop");
        online("bob", "loc-phone", "phone", "linphone");
    }

    @AfterEach
    void close() {
        db.close();
        caches.close();
    }

    private void online(String user, String location, String instance, String userAgent) {
        sessions.add(new Location(location, user, instance, new TransportAddress("198.18.1.7", 41000),
                new TransportAddress("10.0.0.7", 5060), NatType.NO_NAT, "198.18.1.7", userAgent, clock.instant(),
                clock.instant().plus(Duration.ofMinutes(5)), "h", null), clock.instant());
    }

    private <T> T service(Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new InstallationService(em, sessions, new MessageKeyDirectory(em, clock), clock));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private interface Work<T> {
        T run(InstallationService service) throws Exception;
    }

    private List<String> keysAliceSees() {
        return db.inTransaction(em -> {
            try {
                return new MessageKeyDirectory(em, clock).keysFor("alice", "bob").credentials();
            } catch (NotABuddyException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void listsEachInstallationWithItsMessageKeyAndWhetherItIsOnline() {
        assertThat(service(s -> s.of("bob")).installations()).containsExactly(
                new Installation("desk", Instant.parse("2027-01-06T10:00:00Z"), false, null),
                new Installation("laptop", Instant.parse("2027-01-05T10:00:00Z"), true, "Peerswitch/1.0 laptop"),
                new Installation("phone", null, true, "linphone"));
        assertThat(service(s -> s.of("alice")).installations()).isEmpty();
    }

    @Test
    void aRevokedInstallationGetsNothingSealedForItAndItsSessionsEnd() {
        service(s -> {
            s.revoke("bob", "laptop");
            return null;
        });

        assertThat(keysAliceSees()).containsExactly("desk-key");
        assertThat(sessions.live("bob", clock.instant())).extracting(Location::instanceId).containsExactly("phone");
        assertThat(service(s -> s.of("bob")).installations()).extracting(Installation::instanceId).containsExactly("desk", "phone");
    }

    @Test
    void onlyTheUsersOwnInstallationsCanBeRevoked() {
        assertThatThrownBy(() -> service(s -> {
            s.revoke("alice", "laptop");
            return null;
        })).hasCauseInstanceOf(InstallationNotFoundException.class);
        assertThat(keysAliceSees()).containsExactly("desk-key", "laptop-key");
        assertThat(sessions.live("bob", clock.instant())).hasSize(2);
    }
}
