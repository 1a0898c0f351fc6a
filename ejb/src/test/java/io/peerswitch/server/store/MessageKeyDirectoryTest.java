package io.peerswitch.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.store.RecipientKeys;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The message keys of users' installations (docs/security.md, "Messages end to end") on a real H2 database with the
 * Flyway schema: kept per installation, renewed in place, bounded, expired ones not handed out, and handed only to a
 * mutually accepted buddy — never to a requester, a blocked user or a stranger.
 */
class MessageKeyDirectoryTest {

    private final TestDatabase db = new TestDatabase();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void accounts() {
        db.run(em -> {
            Map<String, Account> a = new HashMap<>();
            for (String user : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
                Account account = new Account(user, user + "@example.com", null, "x", clock.instant());
                em.persist(account);
                a.put(user, account);
            }
            relate(em, a.get("alice"), a.get("bob"), RelationState.ACCEPTED);
            relate(em, a.get("bob"), a.get("alice"), RelationState.ACCEPTED);
            // carol asked bob; bob has not answered.
            relate(em, a.get("carol"), a.get("bob"), RelationState.ACCEPTED);
            relate(em, a.get("bob"), a.get("carol"), RelationState.PENDING);
            // dave was a buddy; bob blocked him.
            relate(em, a.get("dave"), a.get("bob"), RelationState.ACCEPTED);
            relate(em, a.get("bob"), a.get("dave"), RelationState.BLOCKED);
            em.flush();
            a.forEach((k, v) -> ids.put(k, v.getId()));
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void relate(EntityManager em, Account owner, Account buddy, RelationState state) {
        em.persist(new BuddyRelation(owner, buddy, state, Instant.parse("2026-11-01T00:00:00Z")));
    }

    private void remember(String user, String installation, String credential, Duration lifetime) {
        db.run(em -> new MessageKeyDirectory(em, clock).remember(em.find(Account.class, ids.get(user)), installation, credential,
                clock.instant().plus(lifetime)));
    }

    private RecipientKeys keys(String sender, String to) {
        return db.inTransaction(em -> {
            try {
                return new MessageKeyDirectory(em, clock).keysFor(sender, to);
            } catch (NotABuddyException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private long rows(String user) {
        return db.inTransaction(em -> em.createQuery("select count(k) from MessageKeyRecord k where k.account.userId = :u", Long.class)
                .setParameter("u", user).getSingleResult());
    }

    @Test
    void eachInstallationKeepsItsLatestCredentialNewestFirst() {
        remember("bob", "desk", "desk-1", Duration.ofDays(30));
        clock.advance(Duration.ofHours(1));
        remember("bob", "laptop", "laptop-1", Duration.ofDays(30));
        clock.advance(Duration.ofHours(1));
        remember("bob", "desk", "desk-2", Duration.ofDays(30));

        assertThat(keys("alice", "bob")).isEqualTo(new RecipientKeys("bob", List.of("desk-2", "laptop-1")));
        assertThat(keys("alice", "BOB").userId()).isEqualTo("bob");
        assertThat(rows("bob")).isEqualTo(2);
    }

    @Test
    void anExpiredCredentialIsNotHandedOutAndIsDroppedAtTheNextLogin() {
        remember("bob", "old", "old-1", Duration.ofDays(1));
        remember("bob", "desk", "desk-1", Duration.ofDays(30));
        clock.advance(Duration.ofDays(2));

        assertThat(keys("alice", "bob").credentials()).containsExactly("desk-1");
        remember("bob", "desk", "desk-2", Duration.ofDays(30));
        assertThat(rows("bob")).isEqualTo(1);
    }

    @Test
    void aUserWithManyInstallationsKeepsTheNewestOnly() {
        for (int i = 0; i < RecipientKeys.MAX_KEYS + 5; i++) {
            remember("bob", "install-" + i, "key-" + i, Duration.ofDays(30));
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(rows("bob")).isEqualTo(RecipientKeys.MAX_KEYS);
        assertThat(keys("alice", "bob").credentials()).hasSize(RecipientKeys.MAX_KEYS)
                .first().isEqualTo("key-" + (RecipientKeys.MAX_KEYS + 4));
        assertThat(keys("alice", "bob").credentials()).doesNotContain("key-0", "key-4");
    }

    @Test
    void onlyAMutuallyAcceptedBuddyGetsTheKeys() {
        remember("bob", "desk", "desk-1", Duration.ofDays(30));

        for (String stranger : List.of("carol", "dave", "erin")) {
            assertThatThrownBy(() -> keys(stranger, "bob")).as(stranger).hasCauseInstanceOf(NotABuddyException.class)
                    .hasMessageContaining("bob is not an accepted buddy of yours");
        }
        assertThatThrownBy(() -> keys("alice", "nobody")).hasCauseInstanceOf(NotABuddyException.class)
                .hasMessageContaining("nobody is not an accepted buddy of yours");
        assertThatThrownBy(() -> keys("alice", "alice")).as("not even one's own, by this door")
                .hasCauseInstanceOf(NotABuddyException.class);
    }
}
