package io.peerswitch.endpoint.store;

import io.peerswitch.endpoint.history.MessageHistory;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages for buddies who are offline or unreachable (claims 15-18). A message that no location of the
 * buddy confirmed, because there was none or none answered, is left on the access server under a deposit
 * ID of its own, so a retried upload stores it once. At login, when the pending items announce stored
 * messages, they are fetched, each kept in the history with the time the server stored it and shown, then
 * deleted on the server; one whose deletion fails is offered again at the next login and recognised by its
 * server ID in the history, so it is shown once. Runs on the softswitch's loop; the exchanges with the
 * server run on {@code offLoop} and hand their results back to the loop.
 */
public final class OfflineMessages {

    private static final Logger LOG = Logger.getLogger(OfflineMessages.class.getName());

    /** The kind of a stored message among a login's pending items (docs/rest-api.md). */
    public static final String PENDING_KIND = "message";
    /** How many times one deposit is tried, with the same deposit ID, when the server cannot be reached or fails (5xx). */
    public static final int DEPOSIT_ATTEMPTS = 3;
    /** The pause before the second try of a deposit; doubled before each further one. */
    public static final Duration DEPOSIT_RETRY_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final Executor offLoop;
    private final MessageHistory history;
    private final Supplier<String> depositIds;
    private final List<Consumer<StoredMessage>> listeners = new ArrayList<>();

    /**
     * @param offLoop    runs the blocking exchanges with the server (virtual threads in production)
     * @param depositIds a new deposit ID for each message left on the server (random UUIDs in production)
     */
    public OfflineMessages(EventLoop loop, Executor offLoop, MessageHistory history, Supplier<String> depositIds) {
        this.loop = loop;
        this.offLoop = offLoop;
        this.history = history;
        this.depositIds = depositIds;
    }

    /** Calls {@code listener} on the loop with each stored message retrieved for the first time, oldest first. */
    public void onRetrieved(Consumer<StoredMessage> listener) {
        listeners.add(listener);
    }

    /**
     * Leaves {@code text} for {@code to} on the server because it was not delivered directly for {@code cause}
     * (offline or unreachable); {@code sentId} is its history entry (null when the history did not keep it),
     * which becomes {@code STORED}. Completes on the loop with {@link Outcome.Stored}, or with
     * {@link Outcome.NotDelivered} ({@code NOT_STORED}) and the server's reason when it would not keep it.
     */
    public CompletableFuture<Outcome> deposit(Mailbox mailbox, String to, String text, Outcome.Cause cause, Long sentId) {
        if (!cause.storable()) {
            throw new IllegalArgumentException("a message not delivered because " + cause + " is not left on the server");
        }
        MessageDeposit deposit;
        try {
            deposit = new MessageDeposit(to, text, depositIds.get());
        } catch (InvalidFieldException e) {
            return CompletableFuture.completedFuture(new Outcome.NotDelivered(
                    to + " is " + word(cause) + " and the access server cannot keep this message (" + e.getMessage() + ")",
                    Outcome.Cause.NOT_STORED));
        }
        if (sentId != null) {
            try {
                history.setDepositId(sentId, deposit.depositId());
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "deposit ID not kept in the history", e);
            }
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        upload(mailbox, deposit, cause, sentId, 1, outcome);
        return outcome;
    }

    private void upload(Mailbox mailbox, MessageDeposit deposit, Outcome.Cause cause, Long sentId, int attempt,
                        CompletableFuture<Outcome> outcome) {
        offLoop.execute(() -> {
            try {
                StoredMessage stored = mailbox.deposit(deposit);
                loop.execute(() -> stored(deposit, cause, sentId, stored, outcome));
            } catch (AccessServerException e) {
                loop.execute(() -> refused(mailbox, deposit, cause, sentId, attempt, e, outcome));
            } catch (RuntimeException e) {
                loop.execute(() -> refused(mailbox, deposit, cause, sentId, attempt,
                        new AccessServerException("the deposit failed: " + e, e), outcome));
            }
        });
    }

    private void stored(MessageDeposit deposit, Outcome.Cause cause, Long sentId, StoredMessage stored,
                        CompletableFuture<Outcome> outcome) {
        LOG.fine(() -> "message to " + deposit.to() + " (" + word(cause) + ") left on the access server as " + stored.id()
                + " (deposit " + deposit.depositId() + ")");
        if (sentId != null) {
            try {
                history.setStored(sentId, stored.id());
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "history not updated", e);
            }
        }
        outcome.complete(new Outcome.Stored(cause, stored.id()));
    }

    private void refused(Mailbox mailbox, MessageDeposit deposit, Outcome.Cause cause, Long sentId, int attempt,
                         AccessServerException failure, CompletableFuture<Outcome> outcome) {
        if (retryable(failure) && attempt < DEPOSIT_ATTEMPTS) {
            Duration pause = DEPOSIT_RETRY_DELAY.multipliedBy(1L << (attempt - 1));
            LOG.info(() -> "deposit " + deposit.depositId() + " for " + deposit.to() + " failed (" + failure.getMessage()
                    + "); trying again in " + pause.toMillis() + " ms");
            loop.schedule(pause, () -> upload(mailbox, deposit, cause, sentId, attempt + 1, outcome));
            return;
        }
        LOG.info(() -> "the access server did not keep the message for " + deposit.to() + ": " + failure.getMessage());
        outcome.complete(new Outcome.NotDelivered(notStoredReason(deposit.to(), cause, failure), Outcome.Cause.NOT_STORED));
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
     * (claim 15), shows and keeps each new one, and tells the server to delete them. Completes on the loop
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
                loop.execute(() -> present(mailbox, pending, messages, done));
            } catch (AccessServerException | RuntimeException e) {
                String reason = e instanceof AccessServerException a ? a.reason() : e.toString();
                LOG.log(Level.WARNING, "stored messages not retrieved", e);
                loop.execute(() -> done.complete(new PendingAtLogin(pending, 0, 0, 0, reason)));
            }
        });
        return done;
    }

    private void present(Mailbox mailbox, List<PendingItem> pending, List<StoredMessage> messages,
                         CompletableFuture<PendingAtLogin> done) {
        int retrieved = 0;
        int repeated = 0;
        List<StoredMessage> kept = new ArrayList<>();
        for (StoredMessage message : messages) {
            try {
                if (history.addRetrieved(message.createdAt(), message.from(), message.text(), message.id()).isPresent()) {
                    retrieved++;
                    listeners.forEach(l -> l.accept(message));
                } else {
                    repeated++;
                    LOG.fine(() -> "stored message " + message.id() + " was retrieved before; deleting it again");
                }
                kept.add(message);
            } catch (SQLException e) {
                // Shown, but left on the server: losing it would be worse than seeing it again next time.
                LOG.log(Level.WARNING, "stored message " + message.id() + " not kept in the history; left on the server", e);
                retrieved++;
                listeners.forEach(l -> l.accept(message));
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
            loop.execute(() -> done.complete(new PendingAtLogin(pending, shown, again, failed, null)));
        });
    }
}
