package io.peerswitch.server.account;

import io.peerswitch.server.metrics.ServerMetrics;
import io.peerswitch.server.throttle.LoginThrottle;
import io.peerswitch.server.throttle.LoginThrottledException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;

/**
 * Checks a user ID and password (FIG. 4 step 402: "the user ID and password will then be used to
 * authenticate"). A wrong password and an unknown user cost the same time and give the same answer;
 * failures are throttled per account and per source address; outdated hashes are upgraded on success.
 */
@Stateless
public class Credentials {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private PasswordHasher hasher;

    @Inject
    private LoginThrottle throttle;

    @Inject
    private ServerMetrics metrics;

    /** The account of {@code userId} if {@code password} is its password; joins the caller's transaction. */
    public Account authenticate(String userId, String password, String sourceAddress)
            throws InvalidCredentialsException, LoginThrottledException {
        try {
            throttle.check(userId, sourceAddress);
        } catch (LoginThrottledException e) {
            metrics.loginThrottled();
            throw e;
        }
        Optional<Account> account = Accounts.byUserId(em, userId);
        long cpu = THREADS.getCurrentThreadCpuTime();
        boolean valid = account.isPresent()
                ? hasher.verify(password, account.get().getPasswordHash())
                : hasher.verifyNobody(password);
        metrics.passwordHashed(THREADS.getCurrentThreadCpuTime() - cpu);
        if (!valid) {
            throttle.recordFailure(userId, sourceAddress);
            metrics.loginFailed();
            throw new InvalidCredentialsException();
        }
        throttle.recordSuccess(userId);
        Account found = account.get();
        if (hasher.needsRehash(found.getPasswordHash())) {
            found.setPasswordHash(hasher.hash(password));
        }
        return found;
    }

    /** Like {@link #authenticate}, and the account must be an administrator (same answer if it is not). */
    public Account authenticateAdministrator(String userId, String password, String sourceAddress)
            throws InvalidCredentialsException, LoginThrottledException {
        Account account = authenticate(userId, password, sourceAddress);
        if (!account.isAdministrator()) {
            throttle.recordFailure(userId, sourceAddress);
            throw new InvalidCredentialsException();
        }
        return account;
    }
}
