package io.peerswitch.server.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Runs Flyway over {@link MigrationScripts}; used at server start and by tests that run without a server. */
public final class Migrations {

    private Migrations() {
    }

    /** Migrates {@code dataSource} to the newest schema version and says what it did. */
    public static MigrateResult migrate(DataSource dataSource) {
        ClassLoader loader = Migrations.class.getClassLoader();
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .resourceProvider(new MigrationScripts(loader))
                .load()
                .migrate();
    }
}
