package io.peerswitch.endpoint.store;

import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.history.MessageHistory;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import java.sql.SQLException;
import java.time.Duration;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages for buddies who are offline or unreachable (claims 15-18), end to end (docs/security.md, "Messages
 * end to end"). A message that no location of the buddy confirmed, because there was none or none answered, is
 * sealed for the message keys of the buddy's installations that the access server keeps (each checked against
 * the user authority) and left on the server under a deposit ID of its own, so a retried upload stores it once;
 * the server keeps ciphertext only. At login, when the pending items announce stored messages, they are
 * fetched and opened, each kept in the history with the time the server stored it and shown, then deleted on
 * the server; one whose deletion fails is offered again at the next login and recognised by its server ID in
 * the history, so it is shown once. One this installation cannot open (sealed for another installation of the
 * user, altered, or naming other users inside) is neither shown nor deleted. Runs on the softswitch's loop; the
 * exchanges with the server and the cryptography run on {@code offLoop} and hand their results back to the loop.
 */
public final class OfflineMessages {

    private static final Logger LOG = Logger.getLogger(OfflineMessages.class.getName());

    /** The kind of a stored message among a login's pending items (docs/rest-api.md). */
    public static final String PENDING_KIND = "message";
    /** How many times one deposit is tried, with the same deposit ID, when the server cannot be reached or fails (5xx). */
    public static final int DEPOSIT_ATTEMPTS = 3;
    /** The pause before the second try of a deposit; doubled before each further one. */
    public static final Duration DEPOSIT_RETRY_DELAY = Duration.ofSeconds(1);

    /** A stored message as this installation read it: {@code encrypted} false only for one the server kept from before sealing. */
    public record Retrieved(StoredMessage message, String text, boolean encrypted) {
    }

    private final EventLoop loop;
    private final Executor offLoop;
    private final MessageHistory history;
    private final MessageCrypto crypto;
    private final Supplier<String> self;
    private final Supplier<String> depositIds;
    private final List<Consumer<Retrieved>> listeners = new ArrayList<>();

    /**
     * @param offLoop    runs the blocking exchanges with the server and the sealing (virtual threads in production)
     * @param crypto     this installation's message key, and the authority its credentials are checked against
     * @param self       the user logged in, named inside what is sealed
     * @param depositIds a new deposit ID for each message left on the server (random UUIDs in production)
     */
    public OfflineMessages(EventLoop loop, Executor offLoop, MessageHistory history, MessageCrypto crypto,
                           Supplier<String> self, Supplier<String> depositIds) {
        this.loop = loop;
        this.offLoop = offLoop;
        this.history = history;
        this.crypto = crypto;
        this.self = self;
        this.depositIds = depositIds;
    }

    /** Calls {@code listener} on the loop with each stored message retrieved for the first time, oldest first. */
    public void onRetrieved(Consumer<Retrieved> listener) {
        listeners.add(listener);
    }

    /**
     * Leaves {@code text} for {@code to} on the server, sealed, because it was not delivered directly for {@code cause}
     * (offline or unreachable); {@code sentId} is its history entry (null when the history did not keep it),
     * which becomes {@code STORED}. Completes on the loop with {@link Outcome.Stored}, or with
     * {@link Outcome.NotDelivered} ({@code NOT_STORED}) and the reason when it was not kept: the server's refusal,
     * or no message key of {@code to} that the authority vouches for.
     */
    public CompletableFuture<Outcome> deposit(Mailbox mailbox, String to, String text, Outcome.Cause cause, Long sentId) {
        if (!cause.storable()) {
            throw new IllegalArgumentException("a message not delivered because " + cause + " is not left on the server");
        }
        if (text.isBlank() || text.length() > MessageDeposit.MAX_TEXT) {
            return CompletableFuture.completedFuture(new Outcome.NotDelivered(to + " is " + word(cause)
                    + " and the access server cannot keep this message (1 to " + MessageDeposit.MAX_TEXT + " characters)",
                    Outcome.Cause.NOT_STORED));
        }
        String depositId = depositIds.get();
        if (sentId != null) {
            try {
                history.setDepositId(sentId, depositId);
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "deposit ID not kept in the history", e);
            }
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        upload(mailbox, new Pending(to, text, depositId, cause, sentId, null), 1, outcome);
        return outcome;
    }

    /** A deposit on its way: {@code sealed} once the keys were fetched and the text sealed, then kept for every retry. */
    private record Pending(String to, String text, String depositId, Outcome.Cause cause, Long sentId, MessageDeposit sealed) {
    }

    private void upload(Mailbox mailbox, Pending pending, int attempt, CompletableFuture<Outcome> outcome) {
        String from = self.get();
        offLoop.execute(() -> {
            Pending ready = pending;
            try {
                if (ready.sealed() == null) {
                    List<ECPublicKey> keys = crypto.keysOf(pending.to(), mailbox.keysOf(pending.to()).credentials());
                    if (keys.isEmpty()) {
                        loop.execute(() -> noKey(pending, outcome));
                        return;
                    }
                    byte[] envelope = crypto.sealStored(pending.text(), from, pending.to(), keys);
                    ready = new Pending(pending.to(), pending.text(), pending.depositId(), pending.cause(), pending.sentId(),
                            new MessageDeposit(pending.to(), Base64.getEncoder().encodeToString(envelope), pending.depositId()));
                }
                StoredMessage stored = mailbox.deposit(ready.sealed());
                Pending done = ready;
                loop.execute(() -> stored(done, stored, outcome));
            } catch (AccessServerException e) {
                Pending failed = ready;
                loop.execute(() -> refused(mailbox, failed, attempt, e, outcome));
            } catch (RuntimeException e) {
                Pending failed = ready;
                loop.execute(() -> refused(mailbox, failed, attempt,
                        new AccessServerException("the deposit failed: " + e, e), outcome));
            }
        });
    }

    private void noKey(Pending pending, CompletableFuture<Outcome> outcome) {
        LOG.info(() -> "no message key of " + pending.to() + " is vouched for; the message is not left on the server");
        outcome.complete(new Outcome.NotDelivered(pending.to() + " is " + word(pending.cause())
                + " and has no message key the access server vouches for (not signed in for "
                + "30 days?), so the message was not left for it: the server keeps sealed messages only", Outcome.Cause.NOT_STORED));
    }

    private void stored(Pending pending, StoredMessage stored, CompletableFuture<Outcome> outcome) {
        LOG.fine(() -> "message to " + pending.to() + " (" + word(pending.cause()) + ") left sealed on the access server as "
                + stored.id() + " (deposit " + pending.depositId() + ")");
        if (pending.sentId() != null) {
            try {
                history.setStored(pending.sentId(), stored.id());
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "history not updated", e);
            }
        }
        outcome.complete(new Outcome.Stored(pending.cause(), stored.id()));
    }

    private void refused(Mailbox mailbox, Pending pending, int attempt, AccessServerException failure,
                         CompletableFuture<Outcome> outcome) {
        if (retryable(failure) && attempt < DEPOSIT_ATTEMPTS) {
            Duration pause = DEPOSIT_RETRY_DELAY.multipliedBy(1L << (attempt - 1));
            LOG.info(() -> "deposit " + pending.depositId() + " for " + pending.to() + " failed (" + failure.getMessage()
                    + "); trying again in " + pause.toMillis() + " ms");
            loop.schedule(pause, () -> upload(mailbox, pending, attempt + 1, outcome));
            return;
        }
        LOG.info(() -> "the access server did not keep the message for " + pending.to() + ": " + failure.getMessage());
        outcome.complete(new Outcome.NotDelivered(notStoredReason(pending.to(), pending.cause(), failure), Outcome.Cause.NOT_STORED));
    }

    /**
     * Whether a failed deposit is worth another try with the same deposit ID: no answer came (the upload
     * may or may not have been stored) or the server failed (5xx); a refusal (4xx) would be refused again.
     */
    static boolean retryable(AccessServerException failure) {
        return failure.status() == 0 || failure.status() >= 500;
    }

    /**
     * What the user reads when the server did not keep a message: the server's own words for a refusal
     * (403 {@code not-a-buddy}, 409 {@code mailbox-full}, 413, ...), otherwise what happened.
     */
    static String notStoredReason(String to, Outcome.Cause cause, AccessServerException failure) {
        if (failure.status() >= 400 && failure.status() < 500 && failure.problem().isPresent()) {
            return failure.reason();
        }
        return to + " is " + word(cause) + " and the access server did not keep the message: " + failure.reason();
    }

    private static String word(Outcome.Cause cause) {
        return cause == Outcome.Cause.OFFLINE ? "offline" : "unreachable";
    }

    /**
     * Retrieves the messages stored for this user when the login's {@code pending} items announce any
     * (claim 15), opens, shows and keeps each new one, and tells the server to delete them. Completes on the loop
     * with what became of them; never exceptionally — a failure is the report's {@code problem}.
     */
    public CompletableFuture<PendingAtLogin> retrieve(Mailbox mailbox, List<PendingItem> pending) {
        CompletableFuture<PendingAtLogin> done = new CompletableFuture<>();
        if (pending.stream().noneMatch(item -> PENDING_KIND.equals(item.kind()))) {
            done.complete(PendingAtLogin.nothingRetrieved(pending));
            return done;
        }
        offLoop.execute(() -> {
            try {
                List<StoredMessage> messages = mailbox.stored().messages();
                List<Retrieved> opened = new ArrayList<>();
                int unreadable = 0;
                for (StoredMessage message : messages) {
                    Optional<Retrieved> read = open(message);
                    if (read.isPresent()) {
                        opened.add(read.get());
                    } else {
                        unreadable++;
                    }
                }
                int left = unreadable;
                loop.execute(() -> present(mailbox, pending, opened, left, done));
            } catch (AccessServerException | RuntimeException e) {
                String reason = e instanceof AccessServerException a ? a.reason() : e.toString();
                LOG.log(Level.WARNING, "stored messages not retrieved", e);
                loop.execute(() -> done.complete(new PendingAtLogin(pending, 0, 0, 0, 0, reason)));
            }
        });
        return done;
    }

    /**
     * {@code message} as this installation reads it: opened with its message key, naming inside the sender and
     * recipient the server names outside; or, kept from before sealing, its text in clear. Empty when it cannot be read here.
     */
    private Optional<Retrieved> open(StoredMessage message) {
        if (!message.sealed()) {
            return Optional.of(new Retrieved(message, message.text(), false));
        }
        return switch (crypto.open(message.envelopeBytes())) {
            case MessageCrypto.Opened.Text text when text.matches(message.from(), message.to()) ->
                    Optional.of(new Retrieved(message, text.text(), true));
            case MessageCrypto.Opened.Text text -> {
                LOG.warning(() -> "stored message " + message.id() + " names " + text.from() + " to " + text.to()
                        + " inside, not " + message.from() + " to " + message.to() + "; not shown, left on the server");
                yield Optional.empty();
            }
            case MessageCrypto.Opened.Refused refused -> {
                LOG.info(() -> "stored message " + message.id() + " from " + message.from() + " not opened here ("
                        + refused.reason() + "); left on the server");
                yield Optional.empty();
            }
        };
    }

    private void present(Mailbox mailbox, List<PendingItem> pending, List<Retrieved> messages, int unreadable,
                         CompletableFuture<PendingAtLogin> done) {
        int retrieved = 0;
        int repeated = 0;
        List<StoredMessage> kept = new ArrayList<>();
        for (Retrieved read : messages) {
            StoredMessage message = read.message();
            try {
                if (history.addRetrieved(message.createdAt(), message.from(), read.text(), message.id()).isPresent()) {
                    retrieved++;
                    listeners.forEach(l -> l.accept(read));
                } else {
                    repeated++;
                    LOG.fine(() -> "stored message " + message.id() + " was retrieved before; deleting it again");
                }
                kept.add(message);
            } catch (SQLException e) {
                // Shown, but left on the server: losing it would be worse than seeing it again next time.
                LOG.log(Level.WARNING, "stored message " + message.id() + " not kept in the history; left on the server", e);
                retrieved++;
                listeners.forEach(l -> l.accept(read));
            }
        }
        int shown = retrieved;
        int again = repeated;
        int leftOnServer = messages.size() - kept.size();
        offLoop.execute(() -> {
            int notDeleted = leftOnServer;
            for (StoredMessage message : kept) {
                try {
                    mailbox.delete(message.id());
                } catch (AccessServerException | RuntimeException e) {
                    notDeleted++;
                    LOG.log(Level.WARNING, "stored message " + message.id() + " not deleted on the server; "
                            + "it is offered again at the next login", e);
                }
            }
            int failed = notDeleted;
            loop.execute(() -> done.complete(new PendingAtLogin(pending, shown, again, failed, unreadable, null)));
        });
    }
}
