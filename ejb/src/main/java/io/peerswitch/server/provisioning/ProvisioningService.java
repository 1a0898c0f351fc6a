package io.peerswitch.server.provisioning;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.PasswordHasher;
import io.peerswitch.server.schema.DatabaseErrors;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ImportMode;
import io.peerswitch.wire.provisioning.ImportReport;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * Imports and exports accounts with their buddy lists and subscriptions. An import is one transaction:
 * it is checked as a whole first and either everything in it is written or nothing is. Passwords are
 * hashed in parallel before the transaction begins, so the transaction holds locks only while writing.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class ProvisioningService {

    /** Longest an import transaction may run; 10,000 accounts with 50 buddies each take well under a minute. */
    public static final int IMPORT_TIMEOUT_SECONDS = 1800;

    private static final Logger LOG = Logger.getLogger(ProvisioningService.class.getName());

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Resource
    private UserTransaction tx;

    @Resource
    private ManagedExecutorService executor;

    @Inject
    private PasswordHasher hasher;

    @Inject
    private Clock clock;

    /** Imports {@code file} all or nothing; {@link ProvisioningException} lists every refused field. */
    public ImportReport importAccounts(ProvisioningFile file, ImportMode mode) throws ProvisioningException {
        List<InvalidParam> problems = AccountImport.checkFile(file);
        if (!problems.isEmpty()) {
            throw new ProvisioningException(false, problems);
        }
        Map<String, String> hashes = hashPasswords(file.accounts());
        try {
            tx.setTransactionTimeout(IMPORT_TIMEOUT_SECONDS);
            tx.begin();
            ImportReport report = new AccountImport(em, clock.instant()).write(file, mode, hashes);
            tx.commit();
            LOG.info(() -> "Imported " + report.created() + " new and " + report.updated() + " updated account(s), "
                    + report.relations() + " buddy relation(s), " + report.subscriptions() + " subscription(s)");
            return report;
        } catch (ProvisioningException e) {
            rollback();
            throw e;
        } catch (PersistenceException e) {
            rollback();
            throw new ProvisioningException(true, List.of(new InvalidParam("accounts",
                    "the database refused the import (" + DatabaseErrors.rootMessage(e) + "); nothing was written")));
        } catch (Exception e) {
            rollback();
            throw new IllegalStateException("import failed and was rolled back: " + e.getMessage(), e);
        } finally {
            resetTimeout();
        }
    }

    /** Every account with its buddy list, active subscriptions and password hash, ordered by user ID. */
    public ProvisioningFile exportAccounts() {
        Instant now = clock.instant();
        Map<String, List<ProvisionedBuddy>> buddies = new HashMap<>();
        em.createQuery("select r.owner.userId, r.buddy.userId, r.state from BuddyRelation r order by r.buddy.userId",
                        Object[].class)
                .getResultStream()
                .forEach(row -> buddies.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                        .add(new ProvisionedBuddy((String) row[1], (RelationState) row[2])));
        Map<String, List<String>> plans = new HashMap<>();
        em.createQuery("""
                        select s.account.userId, s.plan from Subscription s
                        where s.validFrom <= :now and (s.validUntil is null or s.validUntil > :now)
                        order by s.plan""", Object[].class)
                .setParameter("now", now)
                .getResultStream()
                .forEach(row -> plans.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]));
        List<ProvisionedAccount> accounts = em.createQuery("select a from Account a order by a.userId", Account.class)
                .getResultStream()
                .map(a -> new ProvisionedAccount(a.getUserId(), a.getEmail(), a.getDisplayNameOrNull(), null,
                        a.getPasswordHash(), a.getStatus(), a.getNote(), a.isAdministrator(),
                        plans.getOrDefault(a.getUserId(), List.of()), buddies.getOrDefault(a.getUserId(), List.of())))
                .toList();
        return new ProvisioningFile(accounts);
    }

    private Map<String, String> hashPasswords(List<ProvisionedAccount> accounts) {
        List<ProvisionedAccount> withPassword = accounts.stream().filter(a -> a.password() != null).toList();
        Map<String, String> hashes = new HashMap<>();
        accounts.stream().filter(a -> a.passwordHash() != null).forEach(a -> hashes.put(a.userId(), a.passwordHash()));
        if (withPassword.isEmpty()) {
            return hashes;
        }
        int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        int per = (withPassword.size() + parallelism - 1) / parallelism;
        List<Callable<Map<String, String>>> tasks = new ArrayList<>();
        for (int from = 0; from < withPassword.size(); from += per) {
            List<ProvisionedAccount> slice = withPassword.subList(from, Math.min(withPassword.size(), from + per));
            tasks.add(() -> {
                Map<String, String> out = new HashMap<>();
                slice.forEach(a -> out.put(a.userId(), hasher.hash(a.password())));
                return out;
            });
        }
        try {
            for (Future<Map<String, String>> done : executor.invokeAll(tasks)) {
                hashes.putAll(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing imported passwords", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing imported passwords failed", e.getCause());
        }
        return hashes;
    }

    private void rollback() {
        try {
            if (tx.getStatus() != Status.STATUS_NO_TRANSACTION) {
                tx.rollback();
            }
        } catch (SystemException | IllegalStateException | SecurityException e) {
            LOG.warning(() -> "Rollback of a failed import failed: " + e);
        }
    }

    private void resetTimeout() {
        try {
            tx.setTransactionTimeout(0);
        } catch (SystemException e) {
            LOG.fine(() -> "Could not reset the transaction timeout: " + e);
        }
    }


}
