package io.peerswitch.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvAccountsTest {

    private static final String CSV = """
            userId,email,displayName,password,status,subscriptions,buddies
            alice,alice@example.com,"Smith, Alice",correct horse,AWAY,pstn-calling;voicemail,bob;carol:PENDING
            bob,bob@example.com,,battery staple,,,alice
            """;

    @Test
    void readsRowsWithListsInCells() throws Exception {
        ProvisioningFile file = CsvAccounts.read(new StringReader(CSV));

        ProvisionedAccount alice = file.accounts().getFirst();
        assertThat(alice.displayName()).isEqualTo("Smith, Alice");
        assertThat(alice.status()).isEqualTo(PresenceStatus.AWAY);
        assertThat(alice.subscriptions()).containsExactly("pstn-calling", "voicemail");
        assertThat(alice.buddies()).containsExactly(new ProvisionedBuddy("bob", RelationState.ACCEPTED),
                new ProvisionedBuddy("carol", RelationState.PENDING));
        assertThat(file.accounts().get(1).displayName()).isNull();
    }

    @Test
    void namesEveryBadCellWithItsLine() {
        String bad = """
                userId,email,password,buddies
                alice,not-an-email,correct horse,
                b,bob@example.com,correct horse,
                carol,carol@example.com,short,
                dave,dave@example.com,correct horse,alice:FRIEND
                """;
        assertThatThrownBy(() -> CsvAccounts.read(new StringReader(bad)))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.conflict()).isFalse();
                    assertThat(e.violations()).extracting(InvalidParam::name)
                            .containsExactly("accounts[0].email", "accounts[1].userId", "accounts[2].password",
                                    "accounts[3].buddies[0].state");
                    assertThat(e.violations().getFirst().reason()).contains("CSV line 2");
                });
    }

    @Test
    void refusesAFileWithoutTheRequiredHeader() {
        assertThatThrownBy(() -> CsvAccounts.read(new StringReader("name,mail\nalice,a@example.com\n")))
                .isInstanceOfSatisfying(ProvisioningException.class,
                        e -> assertThat(e.violations().getFirst().name()).isEqualTo("header"));
    }

    @Test
    void refusesBrokenQuoting() {
        assertThatThrownBy(() -> CsvAccounts.read(new StringReader("userId,email\n\"alice,a@example.com\n")))
                .isInstanceOfSatisfying(ProvisioningException.class,
                        e -> assertThat(e.violations().getFirst().reason()).startsWith("not valid CSV"));
    }

    @Test
    void writesWhatItReads() throws Exception {
        ProvisioningFile file = new ProvisioningFile(List.of(new ProvisionedAccount("alice", "alice@example.com",
                "Smith, \"Al\"", null, "$argon2id$v=19$m=1024,t=2,p=1$cGVlcnN3aXRjaHNhbHQxNg$Gun3F9Oispwh9iXYoVglbSBAhRqU/2yAGH4BHpOyqWQ",
                PresenceStatus.BUSY, "in a meeting", true, List.of("pstn-calling"),
                List.of(new ProvisionedBuddy("bob", RelationState.ACCEPTED), new ProvisionedBuddy("eve", RelationState.BLOCKED)))));
        StringBuilder csv = new StringBuilder();

        CsvAccounts.write(file, csv);

        assertThat(csv.toString()).startsWith(String.join(",", CsvAccounts.COLUMNS) + "\r\n");
        assertThat(CsvAccounts.read(new StringReader(csv.toString()))).isEqualTo(file);
    }
}
