package io.peerswitch.server.store;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.buddy.Relations;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Locale;

/** Who may be left something: an accepted buddy of the sender, its account row locked so that its quota holds under concurrency. */
final class Recipients {

    private Recipients() {
    }

    /** The account of {@code to}, a mutually accepted buddy of {@code sender}, locked for this transaction. */
    static Account lockedBuddy(EntityManager em, Account sender, String to) throws NotABuddyException {
        Account recipient = Accounts.byUserId(em, to.toLowerCase(Locale.ROOT)).orElseThrow(() -> new NotABuddyException(to));
        if (!Relations.mutuallyAccepted(em, sender, recipient)) {
            throw new NotABuddyException(to);
        }
        em.lock(recipient, LockModeType.PESSIMISTIC_WRITE);
        return recipient;
    }
}
