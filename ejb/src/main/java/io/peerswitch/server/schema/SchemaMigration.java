package io.peerswitch.server.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the pending Flyway migrations of {@code db/migration} when the application starts; every
 * bean that touches the database at startup {@code @DependsOn} it. Flyway runs its own transactions.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:jboss/datasources/PeerswitchDS")
    private DataSource dataSource;

    @PostConstruct
    void migrate() {
        MigrateResult result = Migrations.migrate(dataSource);
        LOG.info(() -> "Database schema at version " + result.targetSchemaVersion + " ("
                + result.migrationsExecuted + " migration(s) applied now)");
    }

}
