package io.peerswitch.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyRelation;
import io.peerswitch.server.support.Configs;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Voicemails kept for buddies (FIG. 10, 11): announce, resumable upload, checksum, pending, audio, delete. */
class VoicemailStoreTest {

    private final TestDatabase db = new TestDatabase();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final byte[] audio = new byte[100_000];
    private String sha;

    @TempDir
    Path dir;

    @BeforeEach
    void accounts() throws Exception {
        new Random(10).nextBytes(audio);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
        db.run(em -> {
            Account alice = new Account("alice", "alice@example.com", null, "x", clock.instant());
            Account bob = new Account("bob", "bob@example.com", null, "x", clock.instant());
            Account carol = new Account("carol", "carol@example.com", null, "x", clock.instant());
            em.persist(alice);
            em.persist(bob);
            em.persist(carol);
            em.persist(new BuddyRelation(alice, bob, RelationState.ACCEPTED, clock.instant()));
            em.persist(new BuddyRelation(bob, alice, RelationState.ACCEPTED, clock.instant()));
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private interface Work<T> {
        T run(VoicemailStore store) throws Exception;
    }

    private <T> T store(Work<T> work) {
        return store(Map.of(), work);
    }

    private <T> T store(Map<String, String> config, Work<T> work) {
        return db.inTransaction(em -> {
            try {
                return work.run(new VoicemailStore(em, Configs.with(config), clock, dir));
            } catch (Exception e) {
                throw new Wrapped(e);
            }
        });
    }

    private static final class Wrapped extends RuntimeException {
        Wrapped(Exception e) {
            super(e);
        }
    }

    private String refusal(Work<?> work) {
        try {
            store(work);
        } catch (Wrapped e) {
            return e.getCause() instanceof VoicemailException v ? v.type() + " " + v.offset() : e.getCause().getClass().getSimpleName();
        }
        throw new AssertionError("not refused");
    }

    private VoicemailDeposit deposit(String depositId) {
        return new VoicemailDeposit("bob", depositId, VoicemailDeposit.SEALED, (long) audio.length, sha, 12_500L);
    }

    private List<Voicemail> listFor(String user) {
        return store(s -> s.voicemailsFor(user));
    }

    private Path audioOf(String id) {
        return store(s -> s.audio("bob", id).file());
    }

    private Voicemail seen(String id) {
        return store(s -> s.voicemail("alice", id));
    }

    private Voicemail piece(String id, int from, int to) {
        return store(s -> s.append("alice", id, from, new ByteArrayInputStream(Arrays.copyOfRange(audio, from, to)), to - from));
    }

    @Test
    void anUploadInPiecesCompletesAndIsAnnouncedThenDeletedOnInstruction() throws Exception {
        VoicemailStore.Announced announced = store(s -> s.announce("alice", deposit("vm-1")));
        String id = announced.voicemail().id();
        assertThat(announced.created()).isTrue();

        assertThat(piece(id, 0, 40_000).received()).isEqualTo(40_000);
        assertThat(listFor("bob")).as("not listed before it is complete").isEmpty();
        Voicemail done = piece(id, 40_000, audio.length);

        assertThat(done.complete()).isTrue();
        assertThat(listFor("bob")).extracting(Voicemail::id).containsExactly(id);
        List<PendingItem> pending = db.inTransaction(em -> VoicemailStore.pending(em,
                em.createQuery("select a from Account a where a.userId = 'bob'", Account.class).getSingleResult()));
        assertThat(pending).extracting(PendingItem::kind, PendingItem::from)
                .containsExactly(org.assertj.core.api.Assertions.tuple("voicemail", "alice"));
        Path file = audioOf(id);
        assertThat(Files.readAllBytes(file)).isEqualTo(audio);
        assertThat(refusal(s -> s.audio("alice", id))).isEqualTo("StoredItemNotFoundException");

        store(s -> {
            s.delete("bob", id);
            return null;
        });
        assertThat(file).doesNotExist();
        assertThat(listFor("bob")).isEmpty();
    }

    @Test
    void anInterruptedPieceCountsWhatArrivedAndTheUploadResumesThere() {
        String id = store(s -> s.announce("alice", deposit("vm-2"))).voicemail().id();
        Voicemail cut = store(s -> s.append("alice", id, 0, new ByteArrayInputStream(Arrays.copyOfRange(audio, 0, 30_000)), 60_000));

        assertThat(cut.received()).isEqualTo(30_000);
        VoicemailStore.Announced again = store(s -> s.announce("alice", deposit("vm-2")));
        assertThat(again.voicemail().received()).as("the announcement again says where").isEqualTo(30_000);
        assertThat(refusal(s -> s.append("alice", id, 0, new ByteArrayInputStream(audio), audio.length))).isEqualTo("offset-mismatch 30000");
        assertThat(piece(id, 30_000, audio.length).complete()).isTrue();
        assertThat(refusal(s -> s.append("alice", id, audio.length, new ByteArrayInputStream(new byte[0]), 0))).startsWith("upload-complete");
    }

    @Test
    void bytesThatDoNotMatchTheChecksumStartTheUploadAgain() {
        String id = store(s -> s.announce("alice", deposit("vm-3"))).voicemail().id();
        byte[] wrong = audio.clone();
        wrong[5] ^= 1;

        assertThat(refusal(s -> s.append("alice", id, 0, new ByteArrayInputStream(wrong), wrong.length))).isEqualTo("checksum-mismatch 0");
        assertThat(seen(id).received()).as("the reset is kept").isZero();
        assertThat(piece(id, 0, audio.length).complete()).isTrue();
    }

    @Test
    void onlyBuddiesWithinTheLimitsMayLeaveVoicemails() {
        assertThat(refusal(s -> s.announce("carol", new VoicemailDeposit("bob", "c-1", VoicemailDeposit.SEALED, 10L, sha, null))))
                .isEqualTo("NotABuddyException");
        assertThat(refusal(s -> s.announce("alice", new VoicemailDeposit("bob", "big", VoicemailDeposit.SEALED, 20_000_000L, sha, null))))
                .isEqualTo("voicemail-too-large null");
        Map<String, String> one = Map.of("peerswitch.store.voicemails.max-per-recipient", "1");
        store(one, s -> s.announce("alice", deposit("one")));
        try {
            store(one, s -> s.announce("alice", deposit("two")));
            throw new AssertionError("not refused");
        } catch (Wrapped e) {
            assertThat(e.getCause()).isInstanceOf(MailboxFullException.class);
        }
    }
}
