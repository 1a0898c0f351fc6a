package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Instant messages for buddies who are offline or unreachable (claims 15-18): kept until the recipient
 * retrieves them and tells the server to delete them. A deposit is answered only once its transaction has
 * committed, and a retried deposit (same sender, same deposit ID) stores nothing new.
 */
@Stateless
public class MessageStore {

    private static final Logger LOG = Logger.getLogger(MessageStore.class.getName());
    /** The kind of a stored message among a login's pending items. */
    public static final String KIND = "message";

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private jakarta.enterprise.event.Event<ItemStored> stored;

    public MessageStore() {
    }

    /** For tests: a store over a plain entity manager. */
    public MessageStore(EntityManager em, ServerConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome of a deposit: the message kept, and whether this call stored it (false: a retry of an earlier deposit). */
    public record Deposited(StoredMessage message, boolean created) {
    }

    /** Keeps {@code deposit} from {@code senderId} for its recipient, an accepted buddy (claim 15). */
    public Deposited deposit(String senderId, MessageDeposit deposit) throws NotABuddyException, MailboxFullException {
        Account sender = Accounts.byUserId(em, senderId).orElseThrow(() -> new NotABuddyException(deposit.to()));
        Optional<StoredMessageRecord> earlier = em.createQuery(
                        "select m from StoredMessageRecord m where m.sender = :sender and m.depositId = :deposit", StoredMessageRecord.class)
                .setParameter("sender", sender)
                .setParameter("deposit", deposit.depositId())
                .getResultStream().findFirst();
        if (earlier.isPresent()) {
            return new Deposited(earlier.get().toWire(), false);
        }
        Account recipient = Recipients.lockedBuddy(em, sender, deposit.to());
        long held = em.createQuery("select count(m) from StoredMessageRecord m where m.recipient = :r", Long.class)
                .setParameter("r", recipient).getSingleResult();
        int limit = config.store().maxMessagesPerRecipient();
        if (held >= limit) {
            throw new MailboxFullException(recipient.getUserId(), limit);
        }
        StoredMessageRecord record = new StoredMessageRecord(UUID.randomUUID().toString(), recipient, sender, deposit.depositId(),
                deposit.envelope(), clock.instant());
        em.persist(record);
        em.flush();
        LOG.fine(() -> "message " + record.getId() + " from " + senderId + " kept for " + recipient.getUserId());
        if (stored != null) {
            stored.fire(new ItemStored(recipient.getUserId(), new PendingItem(KIND, record.getId(), senderId, record.toWire().createdAt())));
        }
        return new Deposited(record.toWire(), true);
    }

    /** The messages kept for {@code recipientId}, oldest first. */
    public List<StoredMessage> messagesFor(String recipientId) {
        return em.createQuery("""
                        select m from StoredMessageRecord m join fetch m.sender join fetch m.recipient
                        where m.recipient.userId = :r order by m.createdAt, m.id""", StoredMessageRecord.class)
                .setParameter("r", recipientId)
                .getResultStream().map(StoredMessageRecord::toWire).toList();
    }

    /** One message kept for {@code recipientId}. */
    public StoredMessage message(String recipientId, String id) throws StoredItemNotFoundException {
        return find(recipientId, id).toWire();
    }

    /** Deletes a message on its recipient's instruction (claim 15), and only then. */
    public void delete(String recipientId, String id) throws StoredItemNotFoundException {
        em.remove(find(recipientId, id));
        LOG.fine(() -> "message " + id + " deleted on the instruction of " + recipientId);
    }

    /** What a login announces (FIG. 11 step 1110): one pending item per message kept for {@code recipient}, oldest first. */
    public static List<PendingItem> pending(EntityManager em, Account recipient) {
        return em.createQuery("""
                        select m.id, s.userId, m.createdAt from StoredMessageRecord m join m.sender s
                        where m.recipient = :r order by m.createdAt, m.id""", Object[].class)
                .setParameter("r", recipient)
                .getResultStream()
                .map(row -> new PendingItem(KIND, (String) row[0], (String) row[1], (java.time.Instant) row[2]))
                .toList();
    }

    private StoredMessageRecord find(String recipientId, String id) throws StoredItemNotFoundException {
        StoredMessageRecord record = id == null || id.length() > 36 ? null : em.find(StoredMessageRecord.class, id);
        if (record == null || !record.getRecipient().getUserId().equals(recipientId)) {
            throw new StoredItemNotFoundException(id);
        }
        return record;
    }
}
