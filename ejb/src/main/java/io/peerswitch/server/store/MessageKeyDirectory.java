package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.buddy.Relations;
import io.peerswitch.wire.store.RecipientKeys;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The message key credentials of every user's installations, as their last logins had them certified
 * (docs/security.md, "Messages end to end"): what a mutual buddy seals a message or voicemail for when it
 * leaves one on the server, so the server keeps only what it cannot read. At most
 * {@link RecipientKeys#MAX_KEYS} installations per user; the one whose credential ends first gives way.
 */
@Stateless
public class MessageKeyDirectory {

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private Clock clock;

    public MessageKeyDirectory() {
    }

    /** For tests: a directory over a plain entity manager. */
    public MessageKeyDirectory(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** Keeps {@code credential} as the message key of {@code account}'s installation {@code instanceId}, in place of an earlier one. */
    public void remember(Account account, String instanceId, String credential, Instant notAfter) {
        Instant now = clock.instant();
        List<MessageKeyRecord> kept = records(account);
        MessageKeyRecord same = kept.stream().filter(r -> r.getInstanceId().equals(instanceId)).findFirst().orElse(null);
        if (same != null) {
            same.renew(credential, notAfter);
        } else {
            em.persist(new MessageKeyRecord(UUID.randomUUID().toString(), account, instanceId, credential, notAfter));
        }
        // Expired ones, then the oldest beyond the bound (records are newest first; a new one is not among them).
        int room = RecipientKeys.MAX_KEYS - (same == null ? 1 : 0);
        int live = 0;
        for (MessageKeyRecord record : kept) {
            if (record == same) {
                live++;
            } else if (!record.getNotAfter().isAfter(now) || ++live > room) {
                em.remove(record);
            }
        }
    }

    /**
     * The unexpired message key credentials of {@code to}'s installations, newest first, for {@code senderId}, who
     * must be a mutually accepted buddy: a stranger, a requester and a blocked user all get {@link NotABuddyException}.
     */
    public RecipientKeys keysFor(String senderId, String to) throws NotABuddyException {
        Account sender = Accounts.byUserId(em, senderId).orElseThrow(() -> new NotABuddyException(to));
        Account recipient = Accounts.byUserId(em, to.toLowerCase(Locale.ROOT)).orElseThrow(() -> new NotABuddyException(to));
        if (!Relations.mutuallyAccepted(em, sender, recipient)) {
            throw new NotABuddyException(to);
        }
        Instant now = clock.instant();
        return new RecipientKeys(recipient.getUserId(), records(recipient).stream()
                .filter(r -> r.getNotAfter().isAfter(now)).limit(RecipientKeys.MAX_KEYS)
                .map(MessageKeyRecord::getCredential).toList());
    }

    /** Until when each installation of {@code account} has its message key certified, by installation ID, newest first. */
    public Map<String, Instant> installations(Account account) {
        Map<String, Instant> all = new LinkedHashMap<>();
        records(account).forEach(r -> all.put(r.getInstanceId(), r.getNotAfter()));
        return all;
    }

    /**
     * Forgets the message key of {@code account}'s installation {@code instanceId} (a lost or stolen device): nothing
     * is sealed for it any more. True when there was one.
     */
    public boolean forget(Account account, String instanceId) {
        List<MessageKeyRecord> gone = records(account).stream().filter(r -> r.getInstanceId().equals(instanceId)).toList();
        gone.forEach(em::remove);
        return !gone.isEmpty();
    }

    private List<MessageKeyRecord> records(Account account) {
        return em.createQuery("select k from MessageKeyRecord k where k.account = :a order by k.notAfter desc, k.id",
                MessageKeyRecord.class).setParameter("a", account).getResultList();
    }
}
