package io.peerswitch.server.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.audit.AuditTrail;
import io.peerswitch.server.support.Configs;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestDatabase;
import io.peerswitch.wire.audit.AuditEntry;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.trunk.TrunkSpec;
import io.peerswitch.wire.trunk.TrunkView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Trunk administration (FIG. 15) on a real H2 database with the Flyway schema: credentials as HA1s, reach, audit trail. */
class TrunkServiceTest {

    private final TestDatabase db = new TestDatabase();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    @BeforeEach
    void accounts() {
        db.run(em -> {
            for (String user : new String[] {"alice", "bob"}) {
                em.persist(new Account(user, user + "@example.com", null, "x", clock.instant()));
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private interface Work<T> {
        T run(TrunkService trunks, AuditTrail audit) throws Exception;
    }

    private <T> T trunks(Work<T> work) {
        return db.inTransaction(em -> {
            AuditTrail audit = new AuditTrail(em, clock);
            try {
                return work.run(new TrunkService(em, Configs.with(Map.of("peerswitch.redirect.realm", "pbx.example")), clock, audit),
                        audit);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Throwable cause(Runnable r) {
        try {
            r.run();
            return null;
        } catch (IllegalStateException e) {
            return e.getCause();
        }
    }

    @Test
    void aTrunkIsStoredAsDigestHa1sForTheRealmAndNeverReturnsItsPassword() {
        TrunkView created = trunks((t, a) -> t.create("admin", new TrunkSpec("pbx-berlin", "correct horse", "Asterisk", null, true, null)));

        assertThat(created.realm()).isEqualTo("pbx.example");
        assertThat(created.enabled()).isTrue();
        assertThat(created.allUsers()).isTrue();
        TrunkCredentials credentials = trunks((t, a) -> t.credentials()).get(0);
        assertThat(credentials.ha1(DigestAlgorithm.MD5))
                .isEqualTo(Digests.ha1(DigestAlgorithm.MD5, "pbx-berlin", "pbx.example", "correct horse"));
        assertThat(credentials.ha1(DigestAlgorithm.SHA_256))
                .isEqualTo(Digests.ha1(DigestAlgorithm.SHA_256, "pbx-berlin", "pbx.example", "correct horse"));
        assertThat(created.toString()).doesNotContain("correct horse");
    }

    @Test
    void aTrunkMayBeRestrictedToSomeUsersAndAnUpdateWithoutPasswordKeepsItsCredentials() throws Exception {
        trunks((t, a) -> t.create("admin", new TrunkSpec("gw", "battery staple", null, null, true, null)));
        String before = trunks((t, a) -> t.credentials()).get(0).ha1Sha256();

        clock.advance(java.time.Duration.ofMinutes(1));
        TrunkView updated = trunks((t, a) -> t.update("ops", new TrunkSpec("gw", null, "only Bob", null, false, List.of("BOB"),
                List.of("198.18.4.0/24", "2001:db8::7"))));

        assertThat(updated.users()).containsExactly("bob");
        assertThat(updated.addresses()).containsExactly("198.18.4.0/24", "2001:db8:0:0:0:0:0:7/128");
        assertThat(updated.updatedAt()).isAfter(updated.createdAt());
        TrunkCredentials credentials = trunks((t, a) -> t.credentials()).get(0);
        assertThat(credentials.ha1Sha256()).isEqualTo(before);
        assertThat(credentials.mayReach("bob")).isTrue();
        assertThat(credentials.mayReach("alice")).isFalse();
        assertThat(credentials.trusts(java.net.InetAddress.getByName("198.18.4.9"))).isTrue();
        assertThat(credentials.trusts(java.net.InetAddress.getByName("198.18.5.9"))).isFalse();
    }

    @Test
    void conflictsAreNamedAndWriteNothing() {
        trunks((t, a) -> t.create("admin", new TrunkSpec("gw", "battery staple", null, null, true, null)));

        assertThat(cause(() -> trunks((t, a) -> t.create("admin", new TrunkSpec("gw", "another one", null, null, true, null)))))
                .isInstanceOf(TrunkConflictException.class).hasMessageContaining("exists");
        assertThat(cause(() -> trunks((t, a) -> t.create("admin", new TrunkSpec("gw2", null, null, null, true, null)))))
                .isInstanceOf(TrunkConflictException.class).hasMessageContaining("password");
        assertThat(cause(() -> trunks((t, a) -> t.create("admin", new TrunkSpec("gw3", "battery staple", null, null, false,
                List.of("nobody")))))).isInstanceOf(TrunkConflictException.class).hasMessageContaining("no user nobody");
        assertThat(cause(() -> trunks((t, a) -> t.update("admin", new TrunkSpec("gw9", null, null, null, true, null)))))
                .isInstanceOf(TrunkNotFoundException.class);
        List<TrunkView> left = trunks((t, a) -> t.list());
        assertThat(left).extracting(TrunkView::name).containsExactly("gw");
    }

    @Test
    void everyChangeIsAuditedWithItsActorAndNoPassword() {
        trunks((t, a) -> t.create("admin", new TrunkSpec("gw", "battery staple", null, null, true, null)));
        trunks((t, a) -> t.update("ops", new TrunkSpec("gw", "new password!", null, false, true, null)));
        trunks((t, a) -> {
            t.delete("admin", "gw");
            return null;
        });

        List<AuditEntry> trail = trunks((t, a) -> a.since(Instant.EPOCH, 100));

        assertThat(trail).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("admin", "trunk.create", "gw"),
                org.assertj.core.groups.Tuple.tuple("ops", "trunk.update", "gw"),
                org.assertj.core.groups.Tuple.tuple("admin", "trunk.delete", "gw"));
        assertThat(trail.get(1).detail()).contains("enabled=false", "password set").doesNotContain("new password!");
        List<TrunkView> left = trunks((t, a) -> t.list());
        assertThat(left).isEmpty();
    }

    @Test
    void trunkNamesAndPasswordsAreChecked() {
        assertThatThrownBy(() -> new TrunkSpec("a b", "long enough", null, null, true, null))
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new TrunkSpec("gw", "short", null, null, true, null)).hasMessageContaining("password");
        assertThatThrownBy(() -> new TrunkSpec("gw", "long enough", null, null, false, List.of("Not A User!")))
                .hasMessageContaining("users");
    }
}
