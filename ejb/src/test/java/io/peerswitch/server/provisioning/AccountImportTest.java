package io.peerswitch.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ImportMode;
import io.peerswitch.wire.provisioning.ImportReport;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountImportTest {

    private static final String HASH = "$argon2id$v=19$m=1024,t=2,p=1$cGVlcnN3aXRjaHNhbHQxNg$Gun3F9Oispwh9iXYoVglbSBAhRqU/2yAGH4BHpOyqWQ";

    private final TestDatabase db = new TestDatabase();
    private final Instant now = Instant.now();

    @AfterEach
    void close() {
        db.close();
    }

    private static ProvisionedAccount account(String user, String... buddies) {
        List<ProvisionedBuddy> list = new ArrayList<>();
        for (String b : buddies) {
            String[] parts = b.split(":");
            list.add(new ProvisionedBuddy(parts[0], parts.length > 1 ? RelationState.valueOf(parts[1]) : null));
        }
        return new ProvisionedAccount(user, user + "@example.com", null, null, HASH, null, null, null, List.of("basic"), list);
    }

    private ImportReport importFile(ImportMode mode, ProvisionedAccount... accounts) throws ProvisioningException {
        ProvisioningFile file = new ProvisioningFile(Arrays.asList(accounts));
        List<InvalidParam> problems = AccountImport.checkFile(file);
        if (!problems.isEmpty()) {
            throw new ProvisioningException(false, problems);
        }
        Map<String, String> hashes = new java.util.HashMap<>();
        file.accounts().stream().filter(a -> a.passwordHash() != null).forEach(a -> hashes.put(a.userId(), a.passwordHash()));
        try {
            return db.inTransaction(em -> {
                try {
                    return new AccountImport(em, now).write(file, mode, hashes);
                } catch (ProvisioningException e) {
                    throw new WrappedException(e);
                }
            });
        } catch (WrappedException e) {
            throw (ProvisioningException) e.getCause();
        }
    }

    private List<String> relations() {
        return db.inTransaction(em -> em.createQuery(
                        "select concat(r.owner.userId, '>', r.buddy.userId, ':', r.state) from BuddyRelation r order by 1", String.class)
                .getResultList());
    }

    @Test
    void acceptedBuddiesBecomeMutualUnlessTheOtherSideSaysOtherwise() throws Exception {
        ImportReport report = importFile(ImportMode.CREATE,
                account("alice", "bob", "carol:PENDING"),
                account("bob"),
                account("carol"),
                account("dave", "alice"),
                account("erin", "alice"),
                account("frank", "erin:BLOCKED"));

        assertThat(report.created()).isEqualTo(6);
        assertThat(relations()).containsExactly(
                "alice>bob:ACCEPTED", "alice>carol:PENDING", "alice>dave:ACCEPTED", "alice>erin:ACCEPTED",
                "bob>alice:ACCEPTED", "dave>alice:ACCEPTED", "erin>alice:ACCEPTED", "frank>erin:BLOCKED");
    }

    @Test
    void createRefusesExistingAccountsAndWritesNothing() throws Exception {
        importFile(ImportMode.CREATE, account("alice"));

        assertThatThrownBy(() -> importFile(ImportMode.CREATE, account("zoe", "alice"), account("alice")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.conflict()).isTrue();
                    assertThat(e.violations()).extracting(InvalidParam::name).containsExactly("accounts[1].userId");
                });
        long accounts = db.inTransaction(em -> em.createQuery("select count(a) from Account a", Long.class).getSingleResult());
        assertThat(accounts).isEqualTo(1);
    }

    @Test
    void upsertReplacesTheBuddyListsOfTheAccountsInTheFile() throws Exception {
        importFile(ImportMode.CREATE, account("alice", "bob", "carol"), account("bob"), account("carol"));

        ImportReport report = importFile(ImportMode.UPSERT, account("alice", "carol:BLOCKED"), account("dave", "bob"));

        assertThat(report.created()).isEqualTo(1);
        assertThat(report.updated()).isEqualTo(1);
        // bob and carol were not in the second file: their own rows stay as they were.
        assertThat(relations()).containsExactly(
                "alice>carol:BLOCKED", "bob>alice:ACCEPTED", "bob>dave:ACCEPTED", "carol>alice:ACCEPTED", "dave>bob:ACCEPTED");
    }

    @Test
    void reportsUnknownBuddiesAndAccountsWithoutPassword() {
        ProvisionedAccount noPassword = new ProvisionedAccount("zoe", "zoe@example.com", null, null, null, null, null,
                null, List.of(), List.of(new ProvisionedBuddy("nobody", null)));

        assertThatThrownBy(() -> importFile(ImportMode.CREATE, noPassword))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.conflict()).isFalse();
                    assertThat(e.violations()).extracting(InvalidParam::name)
                            .containsExactly("accounts[0].password", "accounts[0].buddies[0].userId");
                });
    }

    @Test
    void checksTheFileItselfBeforeTheDatabase() {
        ProvisioningFile file = new ProvisioningFile(List.of(account("alice", "bob", "bob"), account("alice"),
                new ProvisionedAccount("carol", "alice@example.com", null, null, "md5:abc", null, null, null,
                        List.of("Not A Plan"), List.of())));

        assertThat(AccountImport.checkFile(file)).extracting(InvalidParam::name).containsExactly(
                "accounts[0].buddies[1].userId", "accounts[1].userId", "accounts[1].email", "accounts[2].email",
                "accounts[2].passwordHash", "accounts[2].subscriptions[0]");
    }

    @Test
    void importsTenThousandRelationsInChunks() throws Exception {
        List<ProvisionedAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> buddies = new ArrayList<>();
            for (int k = 1; k <= 25; k++) {
                buddies.add("u" + ((i + k) % 200));
            }
            accounts.add(account("u" + i, buddies.toArray(String[]::new)));
        }
        ImportReport report = importFile(ImportMode.CREATE, accounts.toArray(ProvisionedAccount[]::new));

        assertThat(report.relations()).isEqualTo(200 * 50);
        long rows = db.inTransaction(em -> em.createQuery("select count(r) from BuddyRelation r", Long.class).getSingleResult());
        assertThat(rows).isEqualTo(200 * 50);
    }

    private static final class WrappedException extends RuntimeException {
        WrappedException(Throwable cause) {
            super(cause);
        }
    }
}
