package io.peerswitch.endpoint.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.history.HistoryEntry;
import io.peerswitch.endpoint.history.HistoryEntry.Direction;
import io.peerswitch.endpoint.history.HistoryEntry.Status;
import io.peerswitch.endpoint.history.MessageHistory;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.im.ImControl.Outcome.Cause;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.MessageKeyCredential;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages for offline buddies (claims 15-18) against a scripted mailbox, on virtual time, with real CMS
 * envelopes: deposits sealed for every installation key the authority vouches for and nothing else, retries
 * under one deposit ID with one envelope, refusals in the server's words, retrieval at login opened, shown once
 * and deleted; what this installation cannot open, or that names other users inside, is neither shown nor deleted.
 */
class OfflineMessagesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private static final KeyPair AUTHORITY = EcKeys.generate();
    private static final KeyPair BOB_DESK = EcKeys.generate();
    private static final KeyPair BOB_LAPTOP = EcKeys.generate();
    private static final KeyPair MALLORY = EcKeys.generate();

    private final ManualEventLoop loop = new ManualEventLoop(T0);
    private final FakeMailbox mailbox = new FakeMailbox();
    private final List<OfflineMessages.Retrieved> shown = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final MessageCrypto aliceCrypto = crypto(EcKeys.generate());
    private final MessageCrypto bobDesk = crypto(BOB_DESK);
    private MessageHistory history;
    /** Alice's endpoint, leaving messages for bob. */
    private OfflineMessages offline;
    /** Bob's desk installation, retrieving them. */
    private OfflineMessages bob;

    @BeforeEach
    void open() throws Exception {
        history = MessageHistory.open(dir);
        // The "off-loop" executor runs the exchange at once; its result still reaches the loop as a task.
        offline = new OfflineMessages(loop, Runnable::run, history, aliceCrypto, () -> "alice", () -> "dep-" + ids.incrementAndGet());
        bob = new OfflineMessages(loop, Runnable::run, history, bobDesk, () -> "bob", () -> "dep-" + ids.incrementAndGet());
        bob.onRetrieved(shown::add);
        mailbox.keys.addAll(List.of(credential(AUTHORITY, "bob", "desk", BOB_DESK), credential(AUTHORITY, "bob", "laptop", BOB_LAPTOP)));
    }

    private static MessageCrypto crypto(KeyPair key) {
        MessageCrypto crypto = new MessageCrypto(key, Clock.fixed(T0, java.time.ZoneOffset.UTC));
        crypto.trust(AUTHORITY.getPublic());
        return crypto;
    }

    private static String credential(KeyPair authority, String user, String installation, KeyPair key) {
        return MessageKeyCredential.issue(authority.getPrivate(), user, installation, (ECPublicKey) key.getPublic(),
                T0.plus(Duration.ofDays(30))).text();
    }

    private static String text(KeyPair key, String envelope) {
        return switch (crypto(key).open(Base64.getDecoder().decode(envelope))) {
            case MessageCrypto.Opened.Text t -> t.from() + ">" + t.to() + ": " + t.text();
            case MessageCrypto.Opened.Refused r -> "refused: " + r.reason();
        };
    }

    @AfterEach
    void close() throws Exception {
        history.close();
    }

    private long sent(String to, String text) throws Exception {
        return history.add(T0, Direction.OUT, to, text, Status.FAILED).id();
    }

    @Test
    void anUndeliveredMessageIsLeftOnTheServerSealedForEveryInstallationAndMarkedStored() throws Exception {
        long id = sent("bob", "call me");
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "call me", Cause.OFFLINE, id);
        loop.runPending();

        assertThat(outcome).isCompletedWithValue(new Outcome.Stored(Cause.OFFLINE, "m-dep-1"));
        assertThat(mailbox.deposits).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo("bob");
            assertThat(d.depositId()).isEqualTo("dep-1");
            assertThat(new String(d.envelopeBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("call me");
            assertThat(text(BOB_DESK, d.envelope())).isEqualTo("alice>bob: call me");
            assertThat(text(BOB_LAPTOP, d.envelope())).isEqualTo("alice>bob: call me");
        });
        assertThat(history.search("bob", null, 10)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Status.STORED));
        assertThat(history.depositId(id)).contains("dep-1");
    }

    @Test
    void aKeyTheAuthorityDidNotCertifyForTheRecipientIsNotSealedFor() {
        // The server (or whoever answers in its place) slips in keys of its own: one certified by another authority,
        // one the authority certified for mallory, and one expired.
        mailbox.keys.clear();
        mailbox.keys.addAll(List.of(credential(EcKeys.generate(), "bob", "desk", MALLORY), credential(AUTHORITY, "mallory", "desk", MALLORY),
                MessageKeyCredential.issue(AUTHORITY.getPrivate(), "bob", "old", (ECPublicKey) MALLORY.getPublic(),
                        T0.minus(Duration.ofHours(1))).text(), credential(AUTHORITY, "bob", "desk", BOB_DESK)));
        offline.deposit(mailbox, "bob", "for bob only", Cause.OFFLINE, null);
        loop.runPending();

        assertThat(mailbox.deposits).singleElement().satisfies(d -> {
            assertThat(text(BOB_DESK, d.envelope())).isEqualTo("alice>bob: for bob only");
            assertThat(text(MALLORY, d.envelope())).startsWith("refused: not sealed for this installation");
        });
    }

    @Test
    void withoutAKeyTheAuthorityVouchesForNothingIsLeftOnTheServer() {
        mailbox.keys.clear();
        mailbox.keys.add(credential(EcKeys.generate(), "bob", "desk", MALLORY));
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "hello", Cause.OFFLINE, null);
        loop.runPending();

        assertThat(outcome.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class, n -> {
            assertThat(n.cause()).isEqualTo(Cause.NOT_STORED);
            assertThat(n.reason()).contains("no message key the access server vouches for");
        });
        assertThat(mailbox.deposits).isEmpty();
    }

    @Test
    void aDepositThatGetsNoAnswerIsRetriedWithTheSameDepositId() throws Exception {
        mailbox.depositFailures.add(new AccessServerException("the access server cannot be reached: timeout", null));
        mailbox.depositFailures.add(new AccessServerException(503, null, "POST messages: HTTP 503"));
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "call me", Cause.UNREACHABLE, sent("bob", "call me"));
        loop.runPending();
        assertThat(outcome).isNotDone();
        loop.advance(OfflineMessages.DEPOSIT_RETRY_DELAY);
        assertThat(outcome).isNotDone();
        loop.advance(OfflineMessages.DEPOSIT_RETRY_DELAY.multipliedBy(2));

        assertThat(outcome).isCompletedWithValue(new Outcome.Stored(Cause.UNREACHABLE, "m-dep-1"));
        assertThat(mailbox.deposits).extracting(MessageDeposit::depositId).containsExactly("dep-1", "dep-1", "dep-1");
        assertThat(mailbox.deposits).extracting(MessageDeposit::envelope).as("sealed once").containsOnly(mailbox.deposits.getFirst().envelope());
    }

    @Test
    void theServersRefusalIsNotRetriedAndSaysWhy() throws Exception {
        mailbox.depositFailures.add(new AccessServerException(409,
                Problem.of("mailbox-full", "The recipient's mailbox is full", 409, "bob has 1000 messages waiting"),
                "POST messages: bob has 1000 messages waiting"));
        long id = sent("bob", "one more");
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "one more", Cause.OFFLINE, id);
        loop.advance(Duration.ofMinutes(1));

        assertThat(outcome).isCompletedWithValue(new Outcome.NotDelivered("bob has 1000 messages waiting", Cause.NOT_STORED));
        assertThat(mailbox.deposits).hasSize(1);
        assertThat(history.search("bob", null, 10).getFirst().status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aServerThatStaysAwayIsGivenUpAfterTheLastAttempt() throws Exception {
        for (int i = 0; i < OfflineMessages.DEPOSIT_ATTEMPTS; i++) {
            mailbox.depositFailures.add(new AccessServerException("the access server cannot be reached: refused", null));
        }
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "hello", Cause.OFFLINE, null);
        loop.advance(Duration.ofMinutes(1));

        assertThat(outcome.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class, n -> {
            assertThat(n.cause()).isEqualTo(Cause.NOT_STORED);
            assertThat(n.reason()).startsWith("bob is offline and the access server did not keep the message: ");
        });
        assertThat(mailbox.deposits).hasSize(OfflineMessages.DEPOSIT_ATTEMPTS);
    }

    @Test
    void aMessageTheServerCannotTakeIsNotUploaded() {
        CompletableFuture<Outcome> outcome = offline.deposit(mailbox, "bob", "x".repeat(MessageDeposit.MAX_TEXT + 1),
                Cause.OFFLINE, null);
        assertThat(outcome.join()).isInstanceOfSatisfying(Outcome.NotDelivered.class,
                n -> assertThat(n.cause()).isEqualTo(Cause.NOT_STORED));
        assertThat(mailbox.deposits).isEmpty();
    }

    @Test
    void storedMessagesAreShownOldestFirstKeptWithTheirTimeAndDeleted() throws Exception {
        StoredMessage first = mailbox.keep("m1", "alice", "are you there?", T0.minusSeconds(3600));
        StoredMessage second = mailbox.keep("m2", "carol", "call me", T0.minusSeconds(60));
        List<PendingItem> pending = List.of(item(first), item(second), new PendingItem("voicemail", "v1", "alice", T0));

        CompletableFuture<PendingAtLogin> report = bob.retrieve(mailbox, pending);
        loop.runPending();

        assertThat(report).isCompletedWithValue(new PendingAtLogin(pending, 2, 0, 0, 0, null));
        assertThat(report.join().messages()).isEqualTo(2);
        assertThat(shown).extracting(OfflineMessages.Retrieved::message).containsExactly(first, second);
        assertThat(shown).extracting(OfflineMessages.Retrieved::text, OfflineMessages.Retrieved::encrypted).containsExactly(
                org.assertj.core.groups.Tuple.tuple("are you there?", true), org.assertj.core.groups.Tuple.tuple("call me", true));
        assertThat(mailbox.deleted).containsExactly("m1", "m2");
        assertThat(mailbox.kept).isEmpty();
        assertThat(history.search(null, null, 10)).extracting(HistoryEntry::at, HistoryEntry::direction, HistoryEntry::peer,
                        HistoryEntry::text, HistoryEntry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first.createdAt(), Direction.IN, "alice", "are you there?", Status.RECEIVED),
                        org.assertj.core.groups.Tuple.tuple(second.createdAt(), Direction.IN, "carol", "call me", Status.RECEIVED));
    }

    @Test
    void aMessageWhoseDeletionFailedIsOfferedAgainButShownOnce() throws Exception {
        StoredMessage message = mailbox.keep("m1", "alice", "are you there?", T0.minusSeconds(60));
        mailbox.failDeletes = true;
        CompletableFuture<PendingAtLogin> firstLogin = bob.retrieve(mailbox, List.of(item(message)));
        loop.runPending();
        assertThat(firstLogin.join()).isEqualTo(new PendingAtLogin(List.of(item(message)), 1, 0, 1, 0, null));

        mailbox.failDeletes = false;
        CompletableFuture<PendingAtLogin> secondLogin = bob.retrieve(mailbox, List.of(item(message)));
        loop.runPending();

        assertThat(secondLogin.join()).isEqualTo(new PendingAtLogin(List.of(item(message)), 0, 1, 0, 0, null));
        assertThat(shown).extracting(OfflineMessages.Retrieved::message).containsExactly(message);
        assertThat(history.search("alice", null, 10)).hasSize(1);
        assertThat(mailbox.kept).isEmpty();
    }

    @Test
    void withoutAStoredMessageAmongThePendingItemsTheServerIsNotAsked() {
        List<PendingItem> pending = List.of(new PendingItem("voicemail", "v1", "alice", T0));
        assertThat(bob.retrieve(mailbox, pending)).isCompletedWithValue(PendingAtLogin.nothingRetrieved(pending));
        assertThat(mailbox.listed).isZero();
    }

    @Test
    void aFailedRetrievalIsReportedNotThrown() {
        mailbox.keep("m1", "alice", "hi", T0);
        mailbox.listFailure = new AccessServerException(401, Problem.of("unauthorized", "Unauthorized", 401, "session expired"),
                "GET messages: session expired");
        PendingItem item = new PendingItem(OfflineMessages.PENDING_KIND, "m1", "alice", T0);
        CompletableFuture<PendingAtLogin> report = bob.retrieve(mailbox, List.of(item));
        loop.runPending();

        assertThat(report).isCompletedWithValue(new PendingAtLogin(List.of(item), 0, 0, 0, 0, "session expired"));
        assertThat(shown).isEmpty();
    }

    @Test
    void onlyNoAnswerAndServerFailuresAreRetried() {
        assertThat(OfflineMessages.retryable(new AccessServerException("unreachable", null))).isTrue();
        assertThat(OfflineMessages.retryable(new AccessServerException(502, null, "HTTP 502"))).isTrue();
        assertThat(OfflineMessages.retryable(new AccessServerException(403, null, "not-a-buddy"))).isFalse();
        assertThat(OfflineMessages.retryable(new AccessServerException(413, null, "too large"))).isFalse();
    }

    @Test
    void whatThisInstallationCannotOpenIsNeitherShownNorDeleted() throws Exception {
        StoredMessage forLaptop = mailbox.keep("m1", "alice", "bob", "for the laptop", T0, BOB_LAPTOP);
        StoredMessage relabelled = mailbox.kept(new StoredMessage("m2", "alice", "bob", null, Base64.getEncoder().encodeToString(
                aliceCrypto.sealStored("from carol really", "carol", "bob", List.of((ECPublicKey) BOB_DESK.getPublic()))), T0));
        StoredMessage forOther = mailbox.kept(new StoredMessage("m3", "alice", "bob", null, Base64.getEncoder().encodeToString(
                aliceCrypto.sealStored("for dave", "alice", "dave", List.of((ECPublicKey) BOB_DESK.getPublic()))), T0));
        StoredMessage garbage = mailbox.kept(new StoredMessage("m4", "alice", "bob", null, "AAAA", T0));
        StoredMessage fine = mailbox.keep("m5", "alice", "bob", "readable", T0, BOB_DESK);
        List<PendingItem> pending = List.of(item(forLaptop), item(relabelled), item(forOther), item(garbage), item(fine));

        CompletableFuture<PendingAtLogin> report = bob.retrieve(mailbox, pending);
        loop.runPending();

        assertThat(report).isCompletedWithValue(new PendingAtLogin(pending, 1, 0, 0, 4, null));
        assertThat(shown).extracting(OfflineMessages.Retrieved::text).containsExactly("readable");
        assertThat(mailbox.deleted).containsExactly("m5");
        assertThat(mailbox.kept).containsExactly(forLaptop, relabelled, forOther, garbage);
        assertThat(history.search(null, null, 10)).extracting(HistoryEntry::text).containsExactly("readable");
    }

    @Test
    void aMessageKeptFromBeforeSealingIsShownAsNotEncrypted() {
        StoredMessage old = mailbox.kept(new StoredMessage("m1", "alice", "bob", "kept in clear in 2025", null, T0));
        bob.retrieve(mailbox, List.of(item(old)));
        loop.runPending();

        assertThat(shown).extracting(OfflineMessages.Retrieved::text, OfflineMessages.Retrieved::encrypted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kept in clear in 2025", false));
    }

    private static PendingItem item(StoredMessage m) {
        return new PendingItem(OfflineMessages.PENDING_KIND, m.id(), m.from(), m.createdAt());
    }

    /** The server's mailbox of one user, scripted: deposits recorded, failures queued. */
    private static final class FakeMailbox implements Mailbox {
        final List<MessageDeposit> deposits = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final Deque<AccessServerException> depositFailures = new ArrayDeque<>();
        final List<StoredMessage> kept = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        AccessServerException listFailure;
        boolean failDeletes;
        int listed;

        StoredMessage keep(String id, String from, String text, Instant at) {
            return keep(id, from, "bob", text, at, BOB_DESK);
        }

        /** A message {@code from} sealed for {@code to} with {@code key}, as the sender's endpoint leaves it. */
        StoredMessage keep(String id, String from, String to, String text, Instant at, KeyPair key) {
            byte[] envelope = crypto(EcKeys.generate()).sealStored(text, from, to, List.of((ECPublicKey) key.getPublic()));
            return kept(new StoredMessage(id, from, to, null, Base64.getEncoder().encodeToString(envelope), at));
        }

        StoredMessage kept(StoredMessage m) {
            kept.add(m);
            return m;
        }

        @Override
        public StoredMessage deposit(MessageDeposit deposit) throws AccessServerException {
            deposits.add(deposit);
            AccessServerException failure = depositFailures.poll();
            if (failure != null) {
                throw failure;
            }
            return new StoredMessage("m-" + deposit.depositId(), "alice", deposit.to(), null, deposit.envelope(), T0);
        }

        @Override
        public RecipientKeys keysOf(String userId) {
            return new RecipientKeys(userId, keys);
        }

        @Override
        public StoredMessages stored() throws AccessServerException {
            listed++;
            if (listFailure != null) {
                throw listFailure;
            }
            return new StoredMessages(List.copyOf(kept));
        }

        @Override
        public boolean delete(String id) throws AccessServerException {
            if (failDeletes) {
                throw new AccessServerException("the access server cannot be reached: reset", null);
            }
            deleted.add(id);
            return kept.removeIf(m -> m.id().equals(id));
        }
    }
}
