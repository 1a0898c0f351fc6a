package io.peerswitch.it.natlab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.nat.TraversalTable;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.reflector.ReflectorKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All 25 pairings of table 2300 (FIG. 23) through real NATs: in a lab with a LAN behind each NAT type
 * for the originating side and another for the terminating side, the access server, the STUN server
 * and the reflector in the lab's internet, and for every pairing two endpoints that log in, see each
 * other (presence both ways), exchange a message each way and a call with audio heard by frequency on
 * both sides. Prints the 5x5 table: pass or fail, the table's technique, whether media went direct or
 * through the reflector, and the call setup time.
 */
class NatPairingsLabIT {

    private static final List<NatLab.Nat> TYPES = List.of(NatLab.Nat.values());
    private static final String PASSWORD = "natlab-endpoint-password";
    private static final Pattern TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    @TempDir
    Path dir;

    /** What one pairing showed. */
    record Outcome(NatLab.Nat from, NatLab.Nat to, List<String> failures, String signaling, String media, long setupMillis,
                   String alice, String bob) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    private static String alice(int i, int j) {
        return "a" + i + j;
    }

    private static String bob(int i, int j) {
        return "b" + i + j;
    }

    /** LAN of the originating endpoint behind TYPES[i] (0-based index into the lab's LANs). */
    private static int originLan(int i) {
        return i;
    }

    private static int terminatingLan(int j) {
        return TYPES.size() + j;
    }

    @Test
    void everyPairingOfTable2300GetsPresenceMessagesAndACallThrough() throws Exception {
        NatLab.assumeAvailable();
        List<NatLab.Nat> lans = new ArrayList<>(TYPES);
        lans.addAll(TYPES);
        try (NatLab lab = NatLab.up("pspair", lans, dir)) {
            Path keys = Files.writeString(dir.resolve("reflector.keys"), ReflectorKeys.generate(1, new SecureRandom()));
            lab.java("inet", "reflector", "io.peerswitch.reflector.ReflectorMain", "--stun-bind", NatLab.STUN + ":3478",
                    "--stun-alternate", NatLab.STUN_ALTERNATE + ":3479", "--key-file", keys.toString());
            NatDiscoveryLabIT.awaitLog(lab, "reflector", "STUN server listening");
            LabAccessServer.start(lab, dir, keys);
            LabAccessServer.provision(lab, provisioning());

            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < TYPES.size(); i++) {
                outcomes.addAll(row(lab, i));
            }
            String table = table(outcomes);
            System.out.println(table);
            Files.writeString(Path.of(System.getProperty("peerswitch.it.natlab.table", dir.resolve("table.txt").toString())), table);
            for (Outcome o : outcomes) {
                assertThat(o.failures()).as("%s -> %s\n--- %s:\n%s\n--- %s:\n%s", o.from().title(), o.to().title(),
                        "originating endpoint", o.alice(), "terminating endpoint", o.bob()).isEmpty();
            }
        }
    }

    private Path provisioning() throws Exception {
        List<ProvisionedAccount> accounts = new ArrayList<>();
        for (int i = 0; i < TYPES.size(); i++) {
            for (int j = 0; j < TYPES.size(); j++) {
                accounts.add(account(alice(i, j), bob(i, j)));
                accounts.add(account(bob(i, j), alice(i, j)));
            }
        }
        return Files.write(dir.resolve("accounts.json"), WireJson.encode(new ProvisioningFile(accounts)));
    }

    private static ProvisionedAccount account(String user, String buddy) {
        return new ProvisionedAccount(user, user + "@natlab.invalid", null, PASSWORD, null, null, null, null, List.of(),
                List.of(new ProvisionedBuddy(buddy, RelationState.ACCEPTED)));
    }

    /** One row of the table: the originating NAT TYPES[i] against all five, the five pairings at once. */
    private List<Outcome> row(NatLab lab, int i) throws Exception {
        List<Process> bobs = new ArrayList<>();
        for (int j = 0; j < TYPES.size(); j++) {
            bobs.add(endpoint(lab, bob(i, j), alice(i, j), terminatingLan(j), 5200 + 10 * i + j, 1000, true, """
                    login
                    wait online %1$s --timeout 60s
                    wait message --from %1$s --timeout 60s
                    msg %1$s "hello from %2$s"
                    wait call ended --timeout 90s
                    paths
                    logout
                    """.formatted(alice(i, j), bob(i, j))));
        }
        for (int j = 0; j < TYPES.size(); j++) {
            NatDiscoveryLabIT.awaitLog(lab, bob(i, j), "logged in");
        }
        List<Process> alices = new ArrayList<>();
        for (int j = 0; j < TYPES.size(); j++) {
            alices.add(endpoint(lab, alice(i, j), bob(i, j), originLan(i), 5100 + 20 * i + 2 * j, 440, false, """
                    login
                    wait online %1$s --timeout 45s
                    msg %1$s "hello from %2$s"
                    wait message --from %1$s --timeout 45s
                    call %1$s --duration 3s
                    paths
                    logout
                    """.formatted(bob(i, j), alice(i, j))));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int j = 0; j < TYPES.size(); j++) {
            int aliceCode = lab.run(alices.get(j), 180);
            int bobCode = lab.run(bobs.get(j), 60);
            outcomes.add(judge(TYPES.get(i), TYPES.get(j), aliceCode, bobCode, lab.log(alice(i, j)), lab.log(bob(i, j)), i, j));
        }
        return outcomes;
    }

    private Process endpoint(NatLab lab, String user, String buddy, int lan, int port, int hertz, boolean autoAnswer, String script)
            throws Exception {
        String host = NatLab.hostAddress(lan);
        Path config = lab.file(user + ".conf", """
                user.id = %s
                user.password = %s
                server.url = https://%s:%d/api/v1
                server.tls.trust = tofu
                sip.bind = %s:%d
                stun.server = %s:3478
                media.address = %s
                audio.source = tone:%d
                call.auto-answer = %s
                presence.timeout = 10s
                nat.keepalive-interval = 15s
                data.dir = %s
                """.formatted(user, PASSWORD, NatLab.SERVER, LabAccessServer.HTTPS_PORT, host, port, NatLab.STUN, host, hertz,
                autoAnswer, dir.resolve("data-" + user)));
        Path scriptFile = lab.file(user + ".script", script);
        return lab.java(NatLab.host(lan), user, "io.peerswitch.endpoint.cli.EndpointMain", "--config", config.toString(),
                "--script", scriptFile.toString());
    }

    private static Outcome judge(NatLab.Nat from, NatLab.Nat to, int aliceCode, int bobCode, String alice, String bob, int i, int j) {
        List<String> failures = new ArrayList<>();
        String a = alice(i, j);
        String b = bob(i, j);
        expect(failures, aliceCode == 0, "the originating endpoint's script failed (exit " + aliceCode + ")");
        expect(failures, bobCode == 0, "the terminating endpoint's script failed (exit " + bobCode + ")");
        expect(failures, alice.contains("(" + from.type().name() + ")"), "originating endpoint did not discover " + from.type());
        expect(failures, bob.contains("(" + to.type().name() + ")"), "terminating endpoint did not discover " + to.type());
        expect(failures, alice.contains(b + " is confirmed (green)"), a + " never saw " + b + " confirmed");
        expect(failures, bob.contains(a + " is confirmed (green)"), b + " never saw " + a + " confirmed");
        expect(failures, alice.contains("message to " + b + " delivered") && bob.contains("message from " + a),
                "the message " + a + " -> " + b + " did not arrive");
        expect(failures, bob.contains("message to " + a + " delivered") && alice.contains("message from " + b),
                "the message " + b + " -> " + a + " did not arrive");
        // Both ways sealed: the endpoint that logged in last has the other's message key from the routing table, the
        // other learned it from its signed presence SUBSCRIBE (docs/security.md, "Messages end to end").
        expect(failures, !alice.contains("(not encrypted)") && !bob.contains("(not encrypted)"),
                "a message arrived in clear, not sealed for the installation's message key");
        // FIG. 6: the terminating endpoint logged in first; behind a NAT that drops unsolicited packets it is
        // assisted when the originating one logs in, and pings it; behind an open one it is left alone.
        boolean assisted = bob.contains("assist: pinged " + a + " at ");
        expect(failures, assisted == to.type().blocksUnsolicited(), to.type().blocksUnsolicited()
                ? b + " behind " + to.type() + " was not assisted when " + a + " logged in" : b + " behind " + to.type() + " was assisted");
        expect(failures, alice.contains("heard 1000 Hz"), a + " did not hear " + b + "'s 1000 Hz");
        expect(failures, bob.contains("heard 440 Hz"), b + " did not hear " + a + "'s 440 Hz");
        expect(failures, alice.contains(", SRTP") && bob.contains(", SRTP"), "the call's media was not encrypted (DTLS-SRTP)");
        String media = alice.contains("media via reflector") ? "reflector" : alice.contains("media direct") ? "direct" : "?";
        return new Outcome(from, to, failures, signaling(alice, b), media, setupMillis(alice, b), alice, bob);
    }

    /** How the originating endpoint reached the other at the end (its {@code paths} command). */
    private static String signaling(String transcript, String bob) {
        return transcript.lines().filter(l -> l.contains("path to " + bob + " at")).findFirst().map(l -> l.contains("reflected via")
                ? "signaling reflected" : l.contains("port captured") ? "signaling direct, port captured" : "signaling direct")
                .orElse("signaling ?");
    }

    private static void expect(List<String> failures, boolean condition, String failure) {
        if (!condition) {
            failures.add(failure);
        }
    }

    /** From the "calling" line to the "active" line of the originating endpoint's transcript. */
    private static long setupMillis(String transcript, String bob) {
        LocalTime calling = null;
        for (String line : transcript.split("\n")) {
            Matcher m = TIME.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (line.contains("to " + bob + ": calling")) {
                calling = LocalTime.parse(m.group(1));
            } else if (calling != null && line.contains("to " + bob + ": active")) {
                return Duration.between(calling, LocalTime.parse(m.group(1))).toMillis();
            }
        }
        return -1;
    }

    /** The 5x5 table: one cell per pairing, originating NAT in the rows. */
    static String table(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder("\nTable 2300 in the NAT lab: originating NAT (rows) -> terminating NAT (columns)\n");
        int width = 40;
        out.append(String.format(Locale.ROOT, "%-16s", ""));
        for (NatLab.Nat to : TYPES) {
            out.append(String.format(Locale.ROOT, "| %-" + width + "s", to.title()));
        }
        out.append('\n');
        for (NatLab.Nat from : TYPES) {
            String[] lines = {"", "", "", ""};
            for (NatLab.Nat to : TYPES) {
                Outcome o = outcomes.stream().filter(x -> x.from() == from && x.to() == to).findFirst().orElse(null);
                String technique = TraversalTable.technique(from.type(), to.type()).words();
                lines[0] += String.format(Locale.ROOT, "| %-" + width + "s", o == null ? "not run" : o.passed() ? "PASS" : "FAIL");
                lines[1] += String.format(Locale.ROOT, "| %-" + width + "s", technique);
                lines[2] += String.format(Locale.ROOT, "| %-" + width + "s", o == null ? "" : o.signaling());
                lines[3] += String.format(Locale.ROOT, "| %-" + width + "s", o == null ? "" : "media " + o.media() + ", setup "
                        + (o.setupMillis() < 0 ? "?" : o.setupMillis() + " ms"));
            }
            out.append(String.format(Locale.ROOT, "%-16s", from.title())).append(lines[0]).append('\n');
            out.append(String.format(Locale.ROOT, "%-16s", "")).append(lines[1]).append('\n');
            out.append(String.format(Locale.ROOT, "%-16s", "")).append(lines[2]).append('\n');
            out.append(String.format(Locale.ROOT, "%-16s", "")).append(lines[3]).append('\n');
        }
        long passed = outcomes.stream().filter(Outcome::passed).count();
        out.append(passed).append(" of ").append(outcomes.size()).append(" pairings passed\n");
        return out.toString();
    }
}
