package io.peerswitch.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.support.Configs;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages kept for offline buddies (claims 15-18) on a real H2 database with the Flyway schema. */
class MessageStoreTest {

    private final TestDatabase db = new TestDatabase();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final Map<String, Long> ids = new HashMap<>();

    @BeforeEach
    void accounts() {
        db.run(em -> {
            Map<String, Account> a = new HashMap<>();
            for (String user : new String[] {"alice", "bob", "carol", "dave"}) {
                Account account = new Account(user, user + "@example.com", null, "x", clock.instant());
                em.persist(account);
                a.put(user, account);
            }
            relate(em, a.get("alice"), a.get("bob"), RelationState.ACCEPTED);
            relate(em, a.get("bob"), a.get("alice"), RelationState.ACCEPTED);
            relate(em, a.get("alice"), a.get("carol"), RelationState.ACCEPTED);
            relate(em, a.get("carol"), a.get("alice"), RelationState.PENDING);
            relate(em, a.get("alice"), a.get("dave"), RelationState.ACCEPTED);
            relate(em, a.get("dave"), a.get("alice"), RelationState.BLOCKED);
            em.flush();
            a.forEach((k, v) -> ids.put(k, v.getId()));
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void relate(jakarta.persistence.EntityManager em, Account owner, Account buddy, RelationState state) {
        em.persist(new BuddyRelation(owner, buddy, state, Instant.parse("2026-11-01T00:00:00Z")));
    }

    private interface Work<T> {
        T run(MessageStore store) throws Exception;
    }

    private <T> T store(Work<T> work) {
        return store(Map.of(), work);
    }

    private <T> T store(Map<String, String> config, Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new MessageStore(em, Configs.with(config), clock));
            } catch (Exception e) {
                throw new WrappedException(e);
            }
        });
    }

    private static final class WrappedException extends RuntimeException {
        WrappedException(Exception cause) {
            super(cause);
        }
    }

    private List<StoredMessage> messagesOf(String user) {
        return store(s -> s.messagesFor(user));
    }

    private List<PendingItem> pendingOf(String user) {
        return db.inTransaction(em -> MessageStore.pending(em, em.find(Account.class, ids.get(user))));
    }

    /** A deposit whose envelope stands for {@code text} sealed: the server neither can nor tries to tell. */
    private static MessageDeposit sealed(String to, String text, String depositId) {
        return new MessageDeposit(to, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)), depositId);
    }

    private static String inside(StoredMessage message) {
        return new String(message.envelopeBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aDepositInClearIsRefused() {
        assertThatThrownBy(() -> new MessageDeposit("bob", null, "d-1")).isInstanceOf(InvalidFieldException.class)
                .hasMessageContaining("envelope").hasMessageContaining("sealed");
        assertThatThrownBy(() -> new MessageDeposit("bob", "are you there?", "d-1"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> new MessageDeposit("bob", "A".repeat(MessageDeposit.MAX_ENVELOPE + 4), "d-1"))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void keepsAMessageForABuddyUntilTheRecipientDeletesIt() {
        MessageStore.Deposited kept = store(s -> s.deposit("alice", sealed("bob", "are you there?", "d-1")));
        clock.advance(Duration.ofSeconds(5));
        store(s -> s.deposit("alice", sealed("BOB", "call me", "d-2")));

        assertThat(kept.created()).isTrue();
        assertThat(kept.message().from()).isEqualTo("alice");
        assertThat(kept.message().createdAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(messagesOf("bob")).extracting(MessageStoreTest::inside).containsExactly("are you there?", "call me");
        assertThat(pendingOf("bob")).extracting(PendingItem::kind, PendingItem::from)
                .containsExactly(org.assertj.core.api.Assertions.tuple("message", "alice"), org.assertj.core.api.Assertions.tuple("message", "alice"));
        StoredMessage read = store(s -> s.message("bob", kept.message().id()));
        assertThat(inside(read)).isEqualTo("are you there?");
        assertThat(read.text()).as("nothing in clear").isNull();

        store(s -> {
            s.delete("bob", kept.message().id());
            return null;
        });
        assertThat(messagesOf("bob")).extracting(MessageStoreTest::inside).containsExactly("call me");
        assertThat(pendingOf("bob")).hasSize(1);
    }

    @Test
    void aMessageKeptBeforeSealingKeepsItsTextInClear() {
        db.run(em -> em.createNativeQuery("insert into stored_message (id, recipient_id, sender_id, deposit_id, body, created_at) "
                        + "values ('old-1', ?1, ?2, 'd-old', 'kept in 2025', ?3)")
                .setParameter(1, ids.get("bob")).setParameter(2, ids.get("alice")).setParameter(3, clock.instant()).executeUpdate());

        assertThat(messagesOf("bob")).singleElement().satisfies(m -> {
            assertThat(m.sealed()).isFalse();
            assertThat(m.text()).isEqualTo("kept in 2025");
        });
    }

    @Test
    void aRetriedDepositStoresNothingNew() {
        MessageStore.Deposited first = store(s -> s.deposit("alice", sealed("bob", "once", "retry-me")));
        MessageStore.Deposited again = store(s -> s.deposit("alice", sealed("bob", "once", "retry-me")));

        assertThat(again.created()).isFalse();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(messagesOf("bob")).hasSize(1);
    }

    @Test
    void onlyMutuallyAcceptedBuddiesMayLeaveMessages() {
        assertThatThrownBy(() -> store(s -> s.deposit("alice", sealed("carol", "pending", "d-c"))))
                .hasCauseInstanceOf(NotABuddyException.class);
        assertThatThrownBy(() -> store(s -> s.deposit("alice", sealed("dave", "blocked", "d-d"))))
                .hasCauseInstanceOf(NotABuddyException.class);
        assertThatThrownBy(() -> store(s -> s.deposit("alice", sealed("nobody", "unknown", "d-n"))))
                .hasCauseInstanceOf(NotABuddyException.class);
        assertThat(messagesOf("carol")).isEmpty();
    }

    @Test
    void aFullMailboxRefusesMoreAndNothingIsHalfWritten() {
        Map<String, String> two = Map.of("peerswitch.store.messages.max-per-recipient", "2");
        store(two, s -> s.deposit("alice", sealed("bob", "1", "q-1")));
        clock.advance(Duration.ofMillis(1));
        store(two, s -> s.deposit("alice", sealed("bob", "2", "q-2")));

        assertThatThrownBy(() -> store(two, s -> s.deposit("alice", sealed("bob", "3", "q-3"))))
                .hasCauseInstanceOf(MailboxFullException.class);
        assertThat(messagesOf("bob")).extracting(MessageStoreTest::inside).containsExactly("1", "2");
    }

    @Test
    void nobodyReadsOrDeletesAnotherUsersMessages() {
        String id = store(s -> s.deposit("alice", sealed("bob", "private", "p-1"))).message().id();

        assertThatThrownBy(() -> store(s -> s.message("alice", id))).hasCauseInstanceOf(StoredItemNotFoundException.class);
        assertThatThrownBy(() -> store(s -> {
            s.delete("carol", id);
            return null;
        })).hasCauseInstanceOf(StoredItemNotFoundException.class);
        assertThatThrownBy(() -> store(s -> s.message("bob", "x".repeat(500)))).hasCauseInstanceOf(StoredItemNotFoundException.class);
        assertThat(messagesOf("bob")).hasSize(1);
    }
}
