package io.peerswitch.server.support;

import io.peerswitch.server.schema.Migrations;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A real H2 database in memory, migrated by the same Flyway scripts as production and opened by
 * Hibernate with schema validation, so a mapping that disagrees with the migrations fails here.
 */
public final class TestDatabase implements AutoCloseable {

    private final EntityManagerFactory emf;

    public TestDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        Migrations.migrate(dataSource);
        emf = Persistence.createEntityManagerFactory("peerswitch-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", dataSource,
                "hibernate.hbm2ddl.auto", "validate"));
    }

    /** Runs {@code work} in one committed transaction. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Runs {@code work} in one committed transaction. */
    public void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public void close() {
        emf.close();
    }
}
