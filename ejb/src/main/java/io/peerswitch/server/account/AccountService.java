package io.peerswitch.server.account;

import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.metrics.ServerMetrics;
import io.peerswitch.server.schema.DatabaseErrors;
import io.peerswitch.wire.account.AccountView;
import io.peerswitch.wire.account.RegistrationRequest;
import io.peerswitch.wire.profile.ProfileUpdate;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.logging.Logger;

/** Registration (FIG. 4 step 402: "will create a profile for the endpoint") and changes to the user's own profile. */
@Stateless
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private PasswordHasher hasher;

    @Inject
    private ServerConfig config;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private Clock clock;

    /** Whether {@code userId} (normalised) has an account (the redirect server's 404 versus 480, FIG. 15). */
    public boolean exists(String userId) {
        return !em.createQuery("select a.id from Account a where a.userId = :userId", Long.class)
                .setParameter("userId", userId).setMaxResults(1).getResultList().isEmpty();
    }

    /** Creates the account, or fails without writing anything when the user ID or e-mail is taken. */
    public AccountView register(RegistrationRequest request) throws DuplicateAccountException, RegistrationClosedException {
        if (!config.registrationOpen()) {
            throw new RegistrationClosedException();
        }
        if (Accounts.byUserId(em, request.userId()).isPresent()) {
            throw new DuplicateAccountException("userId", "the user ID '" + request.userId() + "' is taken");
        }
        if (Accounts.emailTaken(em, request.email(), null)) {
            throw new DuplicateAccountException("email", "another account uses this e-mail address");
        }
        Account account = new Account(request.userId(), request.email(), request.displayName(),
                hasher.hash(request.password()), clock.instant());
        em.persist(account);
        try {
            // Two registrations of the same ID at once: the unique constraint decides, here and not at commit.
            em.flush();
        } catch (PersistenceException e) {
            throw duplicateFrom(e);
        }
        metrics.registered();
        LOG.info(() -> "Registered user " + account.getUserId());
        return view(account);
    }

    /** Applies a change of display name, status or note to the account of {@code userId}. */
    public void updateProfile(String userId, ProfileUpdate update) {
        Account account = Accounts.byUserId(em, userId)
                .orElseThrow(() -> new IllegalStateException("authenticated user " + userId + " has no account"));
        if (update.displayName() != null) {
            account.setDisplayName(update.displayName());
        }
        if (update.status() != null) {
            account.setStatus(update.status());
        }
        if (update.note() != null) {
            account.setNote(update.note().isBlank() ? null : update.note());
        }
    }

    static AccountView view(Account account) {
        return new AccountView(account.getUserId(), account.getEmail(), account.getDisplayNameOrNull(), account.getCreatedAt());
    }

    private static DuplicateAccountException duplicateFrom(PersistenceException e) {
        if (DatabaseErrors.violated(e, "uk_account_email")) {
            return new DuplicateAccountException("email", "another account uses this e-mail address");
        }
        if (DatabaseErrors.violated(e, "uk_account_user_id")) {
            return new DuplicateAccountException("userId", "the user ID is taken");
        }
        throw e;
    }
}
