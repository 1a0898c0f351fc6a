package io.peerswitch.it;

import static io.peerswitch.it.ApiClient.basic;
import static io.peerswitch.it.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.it.ApiClient.Reply;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.store.MessageDeposit;
import io.peerswitch.wire.store.StoredMessage;
import io.peerswitch.wire.store.StoredMessages;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What must survive a restart survives it: accounts, buddy lists, the administrator's generated
 * password and the TLS certificate live in the H2 file database and the data directory; sessions do
 * not, because the session table is memory only. A server of its own, started and stopped by the test.
 */
@ExtendWith(ArquillianExtension.class)
class RestartIT {

    private static final String CONTAINER = "restart";
    private static final String DEPLOYMENT = "restart-ear";
    private static final String PASSWORD = "survives restarts";

    @ArquillianResource
    private ContainerController controller;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    @TargetsContainer(CONTAINER)
    static EnterpriseArchive ear() {
        return Deployments.peerswitchEar();
    }

    private static LoginRequest login(String user, String instance) {
        return new LoginRequest(user, PASSWORD, instance, new TransportAddress("198.18.40.1", 4000), null,
                NatType.FULL_CONE, null, null, null);
    }

    @Test
    void accountsBuddiesAndCertificateSurviveARestartSessionsDoNot() throws Exception {
        Path base = Deployments.serverBase(CONTAINER);
        int port = Deployments.httpsPort(CONTAINER);
        controller.start(CONTAINER);
        try {
            deployer.deploy(DEPLOYMENT);

            Path passwordFile = base.resolve("data/peerswitch/admin-password");
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String adminPassword = Files.readString(passwordFile).strip();
            X509Certificate certificate = ApiClient.firstUse(port, base.resolve("data/peerswitch-tls.p12"));
            ApiClient api = ApiClient.trusting(port, certificate, null);

            Reply imported = api.post("admin/accounts/import", new ProvisioningFile(List.of(
                    new ProvisionedAccount("rs.alice", "rs.alice@example.com", null, PASSWORD, null, null, null, null,
                            List.of(), List.of(new ProvisionedBuddy("rs.bob", null))),
                    new ProvisionedAccount("rs.bob", "rs.bob@example.com", null, PASSWORD, null, null, null, null,
                            List.of(), List.of()))), basic("admin", adminPassword));
            assertThat(imported.status()).as(imported.text()).isEqualTo(200);
            LoginResponse before = api.post("sessions", login("rs.alice", "a1")).as(LoginResponse.class);

            controller.stop(CONTAINER);
            controller.start(CONTAINER);

            assertThat(Files.readString(passwordFile).strip()).as("no second administrator password").isEqualTo(adminPassword);
            assertThat(ApiClient.firstUse(port, base.resolve("data/peerswitch-tls.p12"))).isEqualTo(certificate);
            assertThat(api.get("profile", bearer(before.session().token())).status())
                    .as("sessions live in memory and end with the server").isEqualTo(401);

            Reply bob = api.post("sessions", login("rs.bob", "b1"));
            assertThat(bob.status()).as(bob.text()).isEqualTo(201);
            LoginResponse alice = api.post("sessions", login("rs.alice", "a1")).as(LoginResponse.class);
            assertThat(alice.routingTable()).extracting(RoutingEntry::userId).containsExactly("rs.bob");
            assertThat(api.get("admin/metrics", basic("admin", adminPassword)).status()).isEqualTo(200);
        } finally {
            deployer.undeploy(DEPLOYMENT);
            controller.stop(CONTAINER);
        }
    }
    /**
     * Issue 5's "no data lost": deposits race a kill -9 of WildFly; after the restart every deposit that
     * was acknowledged is there, and retrying the others with their deposit IDs stores each exactly once.
     */
    @Test
    void everyAcknowledgedMessageSurvivesAKill9AndRetriesStoreNothingTwice() throws Exception {
        Path base = Deployments.serverBase(CONTAINER);
        int port = Deployments.httpsPort(CONTAINER);
        controller.start(CONTAINER);
        try {
            deployer.deploy(DEPLOYMENT);
            ApiClient api = buddies(base, port, "kill.alice", "kill.bob");
            String[] alice = session(api, "kill.alice", "a1");

            int total = 900;
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(60);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        try {
                            Reply kept = api.post("messages", new MessageDeposit("kill.bob", sealed("message " + i), "kill-" + i), alice);
                            if (kept.status() == 201 || kept.status() == 200) {
                                acknowledged.add(i);
                                enough.countDown();
                            }
                        } catch (RuntimeException e) {
                            return; // the server is gone: this upload was interrupted
                        }
                    }
                }));
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("60 deposits acknowledged before the kill").isTrue();
            killWildFly(base);
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(90));
            }
            Set<Integer> before = Set.copyOf(acknowledged);
            System.out.println("RestartIT: kill -9 after " + before.size() + " of " + total + " deposits were acknowledged");
            assertThat(before.size()).as("the kill came while deposits were going on").isLessThan(total);
            controller.kill(CONTAINER);
            controller.start(CONTAINER);

            String[] bob = session(api, "kill.bob", "b1");
            List<String> kept = api.get("messages", bob).as(StoredMessages.class).messages().stream().map(RestartIT::inside).toList();
            for (int i : before) {
                assertThat(kept).as("acknowledged before the kill: message " + i).contains("message " + i);
            }
            assertThat(kept).as("no message twice").doesNotHaveDuplicates();

            // The uploads the kill interrupted are retried with their deposit IDs: each ends up stored exactly once.
            String[] aliceAgain = session(api, "kill.alice", "a1");
            for (int i = 0; i < total; i++) {
                if (!before.contains(i)) {
                    Reply retried = api.post("messages", new MessageDeposit("kill.bob", sealed("message " + i), "kill-" + i), aliceAgain);
                    assertThat(retried.status()).as(retried.text()).isIn(200, 201);
                }
            }
            List<String> all = api.get("messages", bob).as(StoredMessages.class).messages().stream().map(RestartIT::inside).toList();
            assertThat(all).hasSize(total).doesNotHaveDuplicates();
        } finally {
            deployer.undeploy(DEPLOYMENT);
            controller.stop(CONTAINER);
        }
    }
    /** A voicemail upload cut by a kill -9 resumes after the restart where the server's acknowledgement said. */
    @Test
    void aVoicemailUploadCutByAKill9ResumesWhereItWasAcknowledged() throws Exception {
        Path base = Deployments.serverBase(CONTAINER);
        int port = Deployments.httpsPort(CONTAINER);
        controller.start(CONTAINER);
        try {
            deployer.deploy(DEPLOYMENT);
            ApiClient api = buddies(base, port, "vmk.alice", "vmk.bob");
            String[] alice = session(api, "vmk.alice", "a1");
            byte[] audio = new byte[300_000];
            new java.util.Random(12).nextBytes(audio);
            String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(audio));
            VoicemailDeposit deposit = new VoicemailDeposit("vmk.bob", "vmk-1", VoicemailDeposit.SEALED, (long) audio.length, sha, null);
            String id = api.post("voicemails", deposit, alice).as(Voicemail.class).id();
            Reply acknowledged = api.send("PUT", "voicemails/" + id + "/content?offset=0", "audio/wav", java.util.Arrays.copyOf(audio, 120_000), alice);
            assertThat(acknowledged.as(Voicemail.class).received()).isEqualTo(120_000);

            killWildFly(base);
            controller.kill(CONTAINER);
            controller.start(CONTAINER);

            String[] aliceAgain = session(api, "vmk.alice", "a1");
            Voicemail resumed = api.post("voicemails", deposit, aliceAgain).as(Voicemail.class);
            assertThat(resumed.received()).as("the acknowledged piece survived").isEqualTo(120_000);
            Reply rest = api.send("PUT", "voicemails/" + id + "/content?offset=120000", "audio/wav",
                    java.util.Arrays.copyOfRange(audio, 120_000, audio.length), aliceAgain);
            assertThat(rest.as(Voicemail.class).complete()).isTrue();
            String[] bob = session(api, "vmk.bob", "b1");
            assertThat(api.get("voicemails/" + id + "/content", bob).body()).isEqualTo(audio);
        } finally {
            deployer.undeploy(DEPLOYMENT);
            controller.stop(CONTAINER);
        }
    }

    /** Connects to the restart container and provisions {@code a} and {@code b} as buddies of each other. */
    private static ApiClient buddies(Path base, int port, String a, String b) throws Exception {
        String adminPassword = Files.readString(base.resolve("data/peerswitch/admin-password")).strip();
        ApiClient api = ApiClient.trusting(port, ApiClient.firstUse(port, base.resolve("data/peerswitch-tls.p12")), null);
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(
                new ProvisionedAccount(a, a + "@example.com", null, PASSWORD, null, null, null, null, List.of(),
                        List.of(new ProvisionedBuddy(b, null))),
                new ProvisionedAccount(b, b + "@example.com", null, PASSWORD, null, null, null, null, List.of(), List.of()))),
                basic("admin", adminPassword));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        return api;
    }

    /** Logs {@code user} in from {@code instance}: the Authorization header of its session. */
    private static String[] session(ApiClient api, String user, String instance) {
        return bearer(api.post("sessions", login(user, instance)).as(LoginResponse.class).session().token());
    }

    /** SIGKILLs the restart container's WildFly, as a power cut or the OOM killer would. */
    private static void killWildFly(Path base) throws Exception {
        ProcessHandle wildfly = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules") && c.contains(base.toString())).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("the restart container's WildFly process is not found"));
        wildfly.destroyForcibly();
        wildfly.onExit().get(30, TimeUnit.SECONDS);
    }

    /** An envelope standing for {@code text} sealed: the server keeps it without reading it, which is all this test needs. */
    private static String sealed(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String inside(StoredMessage message) {
        return new String(message.envelopeBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
