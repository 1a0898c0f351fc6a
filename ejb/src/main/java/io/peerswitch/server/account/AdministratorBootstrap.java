package io.peerswitch.server.account;

import io.peerswitch.server.config.ServerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Makes sure a fresh installation has an administrator, who provisions everyone else. Without a
 * configured initial password it generates one and writes it, readable only by the server's user,
 * to {@code ${jboss.server.data.dir}/peerswitch/admin-password}.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdministratorBootstrap {

    private static final Logger LOG = Logger.getLogger(AdministratorBootstrap.class.getName());

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private ServerConfig config;

    @Inject
    private PasswordHasher hasher;

    @Inject
    private SecureRandom random;

    @Inject
    private Clock clock;

    @PostConstruct
    void ensureAdministrator() {
        long administrators = em.createQuery("select count(a) from Account a where a.administrator = true", Long.class)
                .getSingleResult();
        if (administrators > 0) {
            return;
        }
        String userId = config.adminUser();
        if (Accounts.byUserId(em, userId).isPresent()) {
            LOG.warning(() -> "No administrator exists and the user '" + userId + "' is an ordinary account; "
                    + "set peerswitch.admin.user to a free user ID to create one");
            return;
        }
        String password = config.adminInitialPassword().orElseGet(this::generatedPassword);
        Account admin = new Account(userId, config.adminEmail(), "Administrator", hasher.hash(password), clock.instant());
        admin.setAdministrator(true);
        em.persist(admin);
        if (config.adminInitialPassword().isPresent()) {
            LOG.info(() -> "Created administrator '" + userId + "' with the configured initial password");
        } else {
            Path file = writePasswordFile(password);
            LOG.info(() -> "Created administrator '" + userId + "'; its generated password is in " + file);
        }
    }

    private String generatedPassword() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path writePasswordFile(String password) {
        Path dir = Path.of(System.getProperty("jboss.server.data.dir", "."), "peerswitch");
        Path file = dir.resolve("admin-password");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the administrator's password to " + file, e);
        }
    }
}
