package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Voicemails for buddies who were busy, did not answer, were unreachable or offline (FIG. 10, 11; claims
 * 2-5, 9-13). An endpoint announces one (size, SHA-256), then uploads its bytes in one or more pieces;
 * each piece is on disk (fsync) before the offset that counts it is committed, so an interrupted upload
 * resumes where the server says and a kill -9 loses nothing acknowledged. The voicemail is complete, and
 * announced to its recipient, once all bytes arrived and match. Kept until the recipient deletes it.
 */
@Stateless
public class VoicemailStore {

    private static final Logger LOG = Logger.getLogger(VoicemailStore.class.getName());
    /** The kind of a voicemail among a login's pending items. */
    public static final String KIND = "voicemail";

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private Event<ItemStored> stored;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private Path directory;

    public VoicemailStore() {
    }

    /** For tests: a store over a plain entity manager, keeping audio in {@code directory}. */
    public VoicemailStore(EntityManager em, ServerConfig config, Clock clock, Path directory) {
        this.em = em;
        this.config = config;
        this.clock = clock;
        this.directory = directory;
    }

    /** An announcement and whether this call made it (false: the same deposit existed; resume at its {@code received}). */
    public record Announced(Voicemail voicemail, boolean created) {
    }

    /** Announces a voicemail from {@code senderId} for an accepted buddy (FIG. 10 step 1006). */
    public Announced announce(String senderId, VoicemailDeposit deposit) throws NotABuddyException, MailboxFullException, VoicemailException {
        Account sender = Accounts.byUserId(em, senderId).orElseThrow(() -> new NotABuddyException(deposit.to()));
        Optional<VoicemailRecord> earlier = em.createQuery(
                        "select v from VoicemailRecord v where v.sender = :s and v.depositId = :d", VoicemailRecord.class)
                .setParameter("s", sender).setParameter("d", deposit.depositId()).getResultStream().findFirst();
        if (earlier.isPresent()) {
            return new Announced(earlier.get().toWire(), false);
        }
        ServerConfig.StoreLimits limits = config.store();
        if (deposit.size() > limits.maxVoicemailBytes()) {
            throw new VoicemailException("voicemail-too-large", 413, "a voicemail may have " + limits.maxVoicemailBytes()
                    + " bytes at most; this one has " + deposit.size(), null);
        }
        Account recipient = Recipients.lockedBuddy(em, sender, deposit.to());
        long held = em.createQuery("select count(v) from VoicemailRecord v where v.recipient = :r", Long.class)
                .setParameter("r", recipient).getSingleResult();
        if (held >= limits.maxVoicemailsPerRecipient()) {
            throw new MailboxFullException(recipient.getUserId() + " has " + held + " voicemails already, as many as the server keeps");
        }
        VoicemailRecord record = new VoicemailRecord(UUID.randomUUID().toString(), recipient, sender, deposit.depositId(),
                deposit.contentType(), deposit.size(), deposit.sha256(), deposit.durationMillis(), clock.instant());
        em.persist(record);
        em.flush();
        return new Announced(record.toWire(), true);
    }

    /**
     * Appends {@code length} bytes of {@code body} at {@code offset} to the sender's upload. The piece is
     * on disk before its offset is counted; a body that ends early counts what arrived. The last piece
     * completes the voicemail when the whole matches its SHA-256, else the upload starts again at 0.
     */
    public Voicemail append(String senderId, String id, long offset, InputStream body, long length)
            throws StoredItemNotFoundException, VoicemailException {
        VoicemailRecord record = find(id);
        if (!record.getSender().getUserId().equals(senderId)) {
            throw new StoredItemNotFoundException(id);
        }
        em.lock(record, LockModeType.PESSIMISTIC_WRITE);
        if (record.isComplete()) {
            throw new VoicemailException("upload-complete", 409, "voicemail " + id + " is complete already", record.getSize());
        }
        if (offset != record.getReceived()) {
            throw new VoicemailException("offset-mismatch", 409, "the upload of " + id + " resumes at byte " + record.getReceived(),
                    record.getReceived());
        }
        if (length < 0 || offset + length > record.getSize()) {
            throw new VoicemailException("voicemail-too-large", 413, "bytes beyond the announced size " + record.getSize(), null);
        }
        Path part = directory().resolve(id + ".part");
        long written;
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.truncate(offset);
            file.position(offset);
            written = copy(body, file, length);
            file.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("voicemail " + id + " could not be written to " + part, e);
        }
        record.received(offset + written);
        if (record.getReceived() == record.getSize()) {
            String actual = sha256(part);
            if (!actual.equals(record.getSha256())) {
                record.received(0);
                deleteQuietly(part);
                throw new VoicemailException("checksum-mismatch", 400, "the bytes of " + id + " do not match the announced SHA-256; "
                        + "upload them again from 0", 0L);
            }
            Path done = directory().resolve(id + ".audio");
            try {
                Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
                try (FileChannel dir = FileChannel.open(directory(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("voicemail " + id + " could not be completed", e);
            }
            record.complete();
            LOG.fine(() -> "voicemail " + id + " complete for " + record.getRecipient().getUserId());
            if (stored != null) {
                stored.fire(new ItemStored(record.getRecipient().getUserId(),
                        new PendingItem(KIND, id, record.getSender().getUserId(), record.toWire().createdAt())));
            }
        }
        return record.toWire();
    }

    /** One voicemail, for its sender (to resume) or its recipient. */
    public Voicemail voicemail(String callerId, String id) throws StoredItemNotFoundException {
        VoicemailRecord record = find(id);
        if (!record.getSender().getUserId().equals(callerId) && !(record.getRecipient().getUserId().equals(callerId) && record.isComplete())) {
            throw new StoredItemNotFoundException(id);
        }
        return record.toWire();
    }

    /** The complete voicemails for {@code recipientId}, oldest first. */
    public List<Voicemail> voicemailsFor(String recipientId) {
        return em.createQuery("""
                        select v from VoicemailRecord v join fetch v.sender join fetch v.recipient
                        where v.recipient.userId = :r and v.complete = true order by v.createdAt, v.id""", VoicemailRecord.class)
                .setParameter("r", recipientId).getResultStream().map(VoicemailRecord::toWire).toList();
    }

    /** Where a voicemail's audio is, what it is and how long. */
    public record Audio(Path file, String contentType, long size) {
    }

    /** The audio of a complete voicemail of {@code recipientId} (FIG. 11 step 1112). */
    public Audio audio(String recipientId, String id) throws StoredItemNotFoundException {
        VoicemailRecord record = find(id);
        if (!record.getRecipient().getUserId().equals(recipientId) || !record.isComplete()) {
            throw new StoredItemNotFoundException(id);
        }
        return new Audio(directory().resolve(id + ".audio"), record.getContentType(), record.getSize());
    }

    /** Deletes a voicemail on its recipient's instruction (claims 4-5, FIG. 11 step 1114); the file goes once that commits. */
    public void delete(String recipientId, String id) throws StoredItemNotFoundException {
        VoicemailRecord record = find(id);
        if (!record.getRecipient().getUserId().equals(recipientId) || !record.isComplete()) {
            throw new StoredItemNotFoundException(id);
        }
        em.remove(record);
        Path file = directory().resolve(id + ".audio");
        if (transactions == null) {
            deleteQuietly(file);
        } else {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        deleteQuietly(file);
                    }
                }
            });
        }
    }

    /** What a login announces (FIG. 11 step 1110): one pending item per complete voicemail for {@code recipient}. */
    public static List<PendingItem> pending(EntityManager em, Account recipient) {
        return em.createQuery("""
                        select v.id, s.userId, v.createdAt from VoicemailRecord v join v.sender s
                        where v.recipient = :r and v.complete = true order by v.createdAt, v.id""", Object[].class)
                .setParameter("r", recipient).getResultStream()
                .map(row -> new PendingItem(KIND, (String) row[0], (String) row[1], (java.time.Instant) row[2])).toList();
    }

    private VoicemailRecord find(String id) throws StoredItemNotFoundException {
        VoicemailRecord record = id == null || id.length() > 36 ? null : em.find(VoicemailRecord.class, id);
        if (record == null) {
            throw new StoredItemNotFoundException(id);
        }
        return record;
    }

    private Path directory() {
        Path dir = directory != null ? directory : config.store().voicemailDirectory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("the voicemail directory " + dir + " cannot be created", e);
        }
        return dir;
    }

    private static long copy(InputStream in, FileChannel out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - total));
            if (n < 0) {
                break;
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            total += n;
        }
        return total;
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "could not delete " + file + ": " + e.getMessage());
        }
    }
}
