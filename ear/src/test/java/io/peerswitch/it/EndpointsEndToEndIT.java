package io.peerswitch.it;

import static io.peerswitch.it.ApiClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.Softswitch;
import io.peerswitch.endpoint.SoftswitchEvent;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.interop.Baresip;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.endpoint.peer.Reachability;
import io.peerswitch.endpoint.voicemail.LocalVoicemail;
import io.peerswitch.endpoint.voicemail.MessageSummary;
import io.peerswitch.endpoint.voicemail.VoicemailControl;
import io.peerswitch.endpoint.voicemail.VoicemailEvent;
import io.peerswitch.it.ApiClient.Reply;
import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.store.StoredMessages;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claim 1 end to end against the real access server: two endpoints log in (STUN on their SIP sockets,
 * then HTTPS), see each other, exchange presence, messages and a call with audio verified by frequency
 * in both directions, hang up, log out — and every SIP and RTP packet of that session went between the
 * two endpoints: none to the access server, which only saw the logins and logouts. And claims 15-18: a
 * message for a buddy who is offline waits on the server until that buddy logs in, retrieves it and has
 * the server delete it.
 */
@ExtendWith(ArquillianExtension.class)
class EndpointsEndToEndIT {

    private static final String ADMIN = "it-admin-password";

    @TempDir
    Path dir;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.peerswitchEar();
    }

    private EndpointConfig config(String user, String pin, InetSocketAddress stun, double hertz, boolean autoAnswer)
            throws Exception {
        return config(user, pin, stun, hertz, autoAnswer, "");
    }

    private EndpointConfig config(String user, String pin, InetSocketAddress stun, double hertz, boolean autoAnswer, String more)
            throws Exception {
        return MainServer.endpointConfig(dir, user, pin, stun, hertz, autoAnswer, more);
    }

    private static <T> T await(LinkedBlockingQueue<SoftswitchEvent> events, Class<T> type, Predicate<T> condition)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            SoftswitchEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e) && condition.test(type.cast(e))) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " matched in time");
    }

    @Test
    void twoEndpointsTalkDirectlyAndTheServerOnlySeesLoginsAndLogouts() throws Exception {
        MainServer server = MainServer.connect();
        String pin = server.pin();
        ApiClient api = server.api();
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(
                new ProvisionedAccount("e2e.alice", "e2e.alice@example.com", "Alice", "e2e.alice-secret-password", null,
                        null, null, null, List.of(), List.of(new ProvisionedBuddy("e2e.bob", null))),
                new ProvisionedAccount("e2e.bob", "e2e.bob@example.com", "Bob", "e2e.bob-secret-password", null,
                        null, null, null, List.of(), List.of()))), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(config("e2e.alice", pin, stun.localAddress(), 440, false));
             Softswitch bob = Softswitch.start(config("e2e.bob", pin, stun.localAddress(), 1000, true))) {
            LinkedBlockingQueue<SoftswitchEvent> aliceEvents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<SoftswitchEvent> bobEvents = new LinkedBlockingQueue<>();
            alice.onEvent(aliceEvents::add);
            bob.onEvent(bobEvents::add);
            String metricsBefore = api.get("admin/metrics", basic("admin", ADMIN)).text();

            bob.login().get(20, TimeUnit.SECONDS);
            assertThat(alice.login().get(20, TimeUnit.SECONDS).routingTable()).extracting(e -> e.userId()).containsExactly("e2e.bob");

            // Presence went directly both ways: each confirmed (green) by the other's own SIP request.
            await(aliceEvents, SoftswitchEvent.BuddyChanged.class,
                    e -> e.buddy().userId().equals("e2e.bob") && e.buddy().reachability() == Reachability.CONFIRMED);
            await(bobEvents, SoftswitchEvent.BuddyChanged.class,
                    e -> e.buddy().userId().equals("e2e.alice") && e.buddy().reachability() == Reachability.CONFIRMED);

            assertThat(alice.message("e2e.bob", "Hello Bob — ¿qué tal?").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ImControl.Outcome.Delivered.class);
            SoftswitchEvent.MessageReceived hello = await(bobEvents, SoftswitchEvent.MessageReceived.class, m -> true);
            assertThat(hello.text()).isEqualTo("Hello Bob — ¿qué tal?");
            assertThat(hello.encrypted()).as("sealed for bob's certified message key (docs/security.md)").isTrue();
            assertThat(bob.message("e2e.alice", "Fine, thanks!").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ImControl.Outcome.Delivered.class);
            assertThat(await(aliceEvents, SoftswitchEvent.MessageReceived.class, m -> m.text().equals("Fine, thanks!")).encrypted())
                    .as("sealed both ways: each learned the other's key from the routing table or its signed SUBSCRIBE").isTrue();

            String call = alice.call("e2e.bob").get(10, TimeUnit.SECONDS);
            await(aliceEvents, SoftswitchEvent.CallChanged.class, c -> c.call().state() == CallState.ACTIVE);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end && alice.calls().get(5, TimeUnit.SECONDS).getLast().stats().packetsReceived() < 120) {
                Thread.sleep(100);
            }
            CallView bobsCall = bob.calls().get(5, TimeUnit.SECONDS).getLast();
            Set<InetSocketAddress> bobRtp = bobsCall.stats().peers();
            alice.hangup(call).get(5, TimeUnit.SECONDS);
            CallView aliceEnd = await(aliceEvents, SoftswitchEvent.CallChanged.class, c -> c.call().state() == CallState.ENDED).call();
            CallView bobEnd = await(bobEvents, SoftswitchEvent.CallChanged.class, c -> c.call().state() == CallState.ENDED).call();
            assertThat(aliceEnd.heardHertz()).as("alice hears bob's 1000 Hz").isEqualTo(1000.0);
            assertThat(bobEnd.heardHertz()).as("bob hears alice's 440 Hz").isEqualTo(440.0);
            assertThat(aliceEnd.encrypted() && aliceEnd.stats().encrypted() && bobEnd.stats().encrypted())
                    .as("signed endpoints agree DTLS-SRTP and key it (RFC 5764)").isTrue();

            // Every SIP datagram went between the endpoints, to the STUN server, or — the subscription to the
            // server's notices (FIG. 6), nothing of the session — to the server's SIP face; RTP only between them.
            InetSocketAddress sipFace = new InetSocketAddress("127.0.0.1", Deployments.sipPort("main"));
            Set<InetSocketAddress> expectedSipA = Set.of(bob.sipAddress(), stun.localAddress(), sipFace);
            Set<InetSocketAddress> expectedSipB = Set.of(alice.sipAddress(), stun.localAddress(), sipFace);
            assertThat(expectedSipA).containsAll(alice.sipPeers());
            assertThat(expectedSipB).containsAll(bob.sipPeers());
            assertThat(alice.sipPeers()).contains(bob.sipAddress());
            assertThat(alice.sipPeers()).as("alice subscribed to the server's notices").contains(sipFace);
            assertThat(bob.sipPeers()).as("bob subscribed to the server's notices").contains(sipFace);
            assertThat(aliceEnd.stats().peers()).hasSize(1).doesNotContainAnyElementsOf(Set.of(
                    new InetSocketAddress("127.0.0.1", Deployments.httpsPort("main")), new InetSocketAddress("127.0.0.1", Deployments.httpPort("main")), sipFace));
            assertThat(bobRtp).hasSize(1);
            int[] serverPorts = {Deployments.httpsPort("main"), Deployments.httpPort("main"), Integer.getInteger("it.main.management")};
            for (InetSocketAddress peer : concat(alice.sipPeers(), bob.sipPeers(), aliceEnd.stats().peers(), bobEnd.stats().peers())) {
                for (int serverPort : serverPorts) {
                    assertThat(peer.getPort()).as("a packet to the access server's port " + serverPort).isNotEqualTo(serverPort);
                }
            }

            alice.logout().get(20, TimeUnit.SECONDS);
            await(bobEvents, SoftswitchEvent.BuddyChanged.class,
                    e -> e.buddy().userId().equals("e2e.alice") && e.buddy().reachability() == Reachability.OFFLINE);
            bob.logout().get(20, TimeUnit.SECONDS);

            // The access server saw two logins and two logouts; no keepalive, nothing of the session.
            String metricsAfter = api.get("admin/metrics", basic("admin", ADMIN)).text();
            assertThat(counter(metricsAfter, "logins") - counter(metricsBefore, "logins")).isEqualTo(2);
            assertThat(counter(metricsAfter, "logouts") - counter(metricsBefore, "logouts")).isEqualTo(2);
            assertThat(counter(metricsAfter, "keepalives") - counter(metricsBefore, "keepalives")).isZero();
        }
    }

    @Test
    void aMessageForAnOfflineBuddyWaitsOnTheServerUntilItsLoginAndIsDeletedThere() throws Exception {
        MainServer server = MainServer.connect();
        String pin = server.pin();
        ApiClient api = server.api();
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(
                new ProvisionedAccount("off.alice", "off.alice@example.com", "Alice", "off.alice-secret-password", null,
                        null, null, null, List.of(), List.of(new ProvisionedBuddy("off.bob", null))),
                new ProvisionedAccount("off.bob", "off.bob@example.com", "Bob", "off.bob-secret-password", null,
                        null, null, null, List.of(), List.of()))), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String text = "Bob, call me back when you are online.\nSecond line — ¿vale?";

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(config("off.alice", pin, stun.localAddress(), 440, false));
             Softswitch bob = Softswitch.start(config("off.bob", pin, stun.localAddress(), 1000, true))) {
            LinkedBlockingQueue<SoftswitchEvent> bobEvents = new LinkedBlockingQueue<>();
            bob.onEvent(bobEvents::add);

            // Bob's endpoint signed in once before: the server keeps its installation's message key.
            bob.login().get(30, TimeUnit.SECONDS);
            bob.logout().get(20, TimeUnit.SECONDS);
            bobEvents.clear();

            // Claims 15-18: Bob is offline, so Alice's endpoint leaves the message on the access server, sealed for him.
            alice.login().get(20, TimeUnit.SECONDS);
            ImControl.Outcome outcome = alice.message("off.bob", text).get(30, TimeUnit.SECONDS);
            assertThat(outcome).isInstanceOfSatisfying(ImControl.Outcome.Stored.class,
                    stored -> assertThat(stored.cause()).isEqualTo(ImControl.Outcome.Cause.OFFLINE));
            alice.logout().get(20, TimeUnit.SECONDS);

            // What the server keeps is ciphertext it cannot read (docs/security.md, "Messages end to end").
            LoginResponse peek = api.post("sessions", new LoginRequest("off.bob", "off.bob-secret-password", "peek",
                    new TransportAddress("127.0.0.1", 5998), null, NatType.NO_NAT, null, "it", null)).as(LoginResponse.class);
            assertThat(api.get("messages", ApiClient.bearer(peek.session().token())).as(StoredMessages.class).messages())
                    .singleElement().satisfies(m -> {
                        assertThat(m.text()).isNull();
                        assertThat(new String(m.envelopeBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("call me back");
                    });
            assertThat(api.delete("sessions/current", ApiClient.bearer(peek.session().token())).status()).isEqualTo(204);

            // Bob logs in: the message is announced, retrieved, shown as stored, kept in his history, deleted on the server.
            bob.login().get(30, TimeUnit.SECONDS);
            SoftswitchEvent.MessageReceived received = await(bobEvents, SoftswitchEvent.MessageReceived.class, m -> true);
            assertThat(received.from()).isEqualTo("off.alice");
            assertThat(received.text()).isEqualTo(text);
            assertThat(received.stored()).isTrue();
            assertThat(received.encrypted()).as("opened with Bob's message key").isTrue();
            assertThat(bob.pending()).hasValueSatisfying(p -> {
                assertThat(p.messages()).isEqualTo(1);
                assertThat(p.retrieved()).isEqualTo(1);
                assertThat(p.notDeleted()).isZero();
                assertThat(p.problem()).isNull();
            });
            assertThat(bob.history("off.alice", null, 10)).extracting(e -> e.text()).containsExactly(text);
            assertThat(bob.installations().get(20, TimeUnit.SECONDS).installations()).as("bob's one installation, its key kept")
                    .singleElement().satisfies(i -> {
                        assertThat(i.online()).isTrue();
                        assertThat(i.messageKeyUntil()).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(29)));
                    });

            Reply again = api.post("sessions", new LoginRequest("off.bob", "off.bob-secret-password", "check",
                    new TransportAddress("127.0.0.1", 5999), null, NatType.NO_NAT, null, "it", null));
            assertThat(again.status()).as(again.text()).isEqualTo(201);
            LoginResponse check = again.as(LoginResponse.class);
            assertThat(check.pending()).as("nothing pending any more").isEmpty();
            assertThat(api.get("messages", ApiClient.bearer(check.session().token())).as(StoredMessages.class).messages())
                    .as("the server deleted its copy on Bob's instruction").isEmpty();
            bob.logout().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void buddiesAskAnswerAndDeleteEachOtherDirectlyAfterTheServerRecordsIt() throws Exception {
        MainServer server = MainServer.connect();
        String pin = server.pin();
        ApiClient api = server.api();
        List<ProvisionedAccount> strangers = new java.util.ArrayList<>();
        for (String user : new String[] {"bf.alice", "bf.bob", "bf.carol"}) {
            strangers.add(new ProvisionedAccount(user, user + "@example.com", null, user + "-secret-password", null, null, null, null,
                    List.of(), List.of()));
        }
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(strangers), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(config("bf.alice", pin, stun.localAddress(), 440, false));
             Softswitch bob = Softswitch.start(config("bf.bob", pin, stun.localAddress(), 1000, true));
             Softswitch carol = Softswitch.start(config("bf.carol", pin, stun.localAddress(), 1000, true))) {
            LinkedBlockingQueue<SoftswitchEvent> aliceEvents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<SoftswitchEvent> bobEvents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<SoftswitchEvent> carolEvents = new LinkedBlockingQueue<>();
            alice.onEvent(aliceEvents::add);
            bob.onEvent(bobEvents::add);
            carol.onEvent(carolEvents::add);
            alice.login().get(20, TimeUnit.SECONDS);
            bob.login().get(20, TimeUnit.SECONDS);

            // FIG. 7: both online; the server records the request and tells Bob (its pending notice: a stranger
            // learns no address of his); the grant goes to Alice directly, as they are buddies now.
            assertThat(alice.addBuddy("bf.bob", "Alice from accounting").get(20, TimeUnit.SECONDS).delivered()).isFalse();
            SoftswitchEvent.BuddyListEvent asked = await(bobEvents, SoftswitchEvent.BuddyListEvent.class,
                    e -> e.event() instanceof BuddyEvent.RequestReceived);
            assertThat(((BuddyEvent.RequestReceived) asked.event()).from()).isEqualTo("bf.alice");
            bob.answerBuddy("bf.alice", true).get(20, TimeUnit.SECONDS);
            await(aliceEvents, SoftswitchEvent.BuddyListEvent.class,
                    e -> e.event() instanceof BuddyEvent.RequestAnswered a && a.granted() && a.by().equals("bf.bob"));
            await(aliceEvents, SoftswitchEvent.BuddyChanged.class,
                    e -> e.buddy().userId().equals("bf.bob") && e.buddy().reachability() == Reachability.CONFIRMED);
            await(bobEvents, SoftswitchEvent.BuddyChanged.class,
                    e -> e.buddy().userId().equals("bf.alice") && e.buddy().reachability() == Reachability.CONFIRMED);
            assertThat(alice.message("bf.bob", "now we are buddies").get(10, TimeUnit.SECONDS)).isInstanceOf(ImControl.Outcome.Delivered.class);

            // FIG. 8: Carol is offline; the request waits on the server and reaches her at login; her grant goes to Alice directly.
            assertThat(alice.addBuddy("bf.carol", null).get(20, TimeUnit.SECONDS).delivered()).isFalse();
            carol.login().get(20, TimeUnit.SECONDS);
            await(carolEvents, SoftswitchEvent.BuddyListEvent.class,
                    e -> e.event() instanceof BuddyEvent.RequestReceived r && r.from().equals("bf.alice"));
            carol.answerBuddy("bf.alice", true).get(20, TimeUnit.SECONDS);
            await(aliceEvents, SoftswitchEvent.BuddyListEvent.class,
                    e -> e.event() instanceof BuddyEvent.RequestAnswered a && a.granted() && a.by().equals("bf.carol"));

            // Deletion is bilateral and reaches the other endpoint in real time.
            bob.deleteBuddy("bf.alice").get(20, TimeUnit.SECONDS);
            await(aliceEvents, SoftswitchEvent.BuddyListEvent.class,
                    e -> e.event() instanceof BuddyEvent.Removed r && r.byThem() && r.userId().equals("bf.bob"));
            assertThat(alice.buddies().get(5, TimeUnit.SECONDS)).extracting(b -> b.userId()).doesNotContain("bf.bob").contains("bf.carol");
            assertThat(alice.message("bf.bob", "still there?").get(40, TimeUnit.SECONDS))
                    .as("no longer buddies: nothing goes to bob").isNotInstanceOf(ImControl.Outcome.Delivered.class);

            alice.logout().get(20, TimeUnit.SECONDS);
            bob.logout().get(20, TimeUnit.SECONDS);
            carol.logout().get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Voicemail (FIG. 10, 11; claims 2-5, 9-13) with two real endpoints: Alice calls Bob while he is offline
     * (FIG. 11) and her endpoint records and leaves a voicemail on the server, which Bob's login announces,
     * he fetches, plays (Alice's tone heard) and deletes, and the server's copy goes (claim 5). Then Bob is
     * online but busy (FIG. 10): Alice's call gets 486, her endpoint records again, leaves it on the server,
     * sends Bob an RFC 3842 message-waiting NOTIFY and the voicemail itself directly (claim 3); Bob saves it
     * (the server's copy goes) and forwards it to Alice, who receives it directly too.
     */
    @Test
    void voicemailsAreLeftOnTheServerForAnOfflineCalleeAndSentDirectlyToABusyOne() throws Exception {
        MainServer server = MainServer.connect();
        ApiClient api = server.api();
        Reply imported = api.post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(
                new ProvisionedAccount("vm.alice", "vm.alice@example.com", "Alice", "vm.alice-secret-password", null,
                        null, null, null, List.of(), List.of(new ProvisionedBuddy("vm.bob", null))),
                new ProvisionedAccount("vm.bob", "vm.bob@example.com", "Bob", "vm.bob-secret-password", null,
                        null, null, null, List.of(), List.of()))), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String recordAtOnce = "voicemail.on-unavailable = record\nvoicemail.length = 2s\n";

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(config("vm.alice", server.pin(), stun.localAddress(), 440, false, recordAtOnce));
             Softswitch bob = Softswitch.start(config("vm.bob", server.pin(), stun.localAddress(), 1000, false))) {
            LinkedBlockingQueue<SoftswitchEvent> aliceEvents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<SoftswitchEvent> bobEvents = new LinkedBlockingQueue<>();
            alice.onEvent(aliceEvents::add);
            bob.onEvent(bobEvents::add);

            // Bob's endpoint signed in once before: the server keeps its message key, which voicemails are sealed for.
            bob.login().get(30, TimeUnit.SECONDS);
            bob.logout().get(20, TimeUnit.SECONDS);
            bobEvents.clear();

            // FIG. 11: Bob is offline (claims 10-11), so Alice's call is a voicemail on the server.
            alice.login().get(20, TimeUnit.SECONDS);
            assertThat(alice.call("vm.bob")).failsWithin(5, TimeUnit.SECONDS);
            SoftswitchEvent.VoicemailOffered offered = await(aliceEvents, SoftswitchEvent.VoicemailOffered.class, o -> true);
            assertThat(offered.cause()).isEqualTo(VoicemailControl.Cause.OFFLINE);
            assertThat(offered.recording()).isTrue();
            VoicemailControl.Left left = leftBy(aliceEvents);
            assertThat(left.voicemailId()).as(left.problem()).isNotNull();
            assertThat(left.locations()).isZero();

            bob.login().get(30, TimeUnit.SECONDS);
            assertThat(bob.pending().orElseThrow().items()).extracting(i -> i.kind()).contains("voicemail");
            LocalVoicemail fetched = receivedBy(bobEvents);
            assertThat(fetched.id()).isEqualTo(left.voicemailId());
            assertThat(fetched.from()).isEqualTo("vm.alice");
            assertThat(fetched.via()).isEqualTo("server");
            assertThat(fetched.durationMillis()).isBetween(1900L, 2100L);
            VoicemailControl.Played played = bob.playVoicemail(fetched.id()).get(20, TimeUnit.SECONDS);
            assertThat(played.heardHertz()).as("Alice's tone in the voicemail").isCloseTo(440.0, org.assertj.core.data.Offset.offset(15.0));
            String bobToken = bob.sessionToken().orElseThrow();
            assertThat(api.get("voicemails", ApiClient.bearer(bobToken)).as(Voicemails.class).voicemails())
                    .as("kept on the server until Bob deletes it, sealed: the server cannot play it").singleElement()
                    .satisfies(v -> assertThat(v.contentType()).isEqualTo(VoicemailDeposit.SEALED));
            LocalVoicemail deleted = bob.deleteVoicemail("1").get(20, TimeUnit.SECONDS);
            assertThat(deleted.serverCopy()).isFalse();
            assertThat(api.get("voicemails", ApiClient.bearer(bobToken)).as(Voicemails.class).voicemails())
                    .as("claim 5: the server deleted its copy on Bob's instruction").isEmpty();
            assertThat(bob.voicemails().get(5, TimeUnit.SECONDS)).isEmpty();

            // FIG. 10: Bob is online but busy; Alice's call gets 486 and her voicemail also goes to Bob directly (claim 3).
            bob.setStatus(PresenceStatus.DO_NOT_DISTURB, null).get(20, TimeUnit.SECONDS);
            await(aliceEvents, SoftswitchEvent.BuddyChanged.class, b -> b.buddy().userId().equals("vm.bob")
                    && b.buddy().status() == PresenceStatus.DO_NOT_DISTURB);
            String callId = alice.call("vm.bob").get(10, TimeUnit.SECONDS);
            CallView refused = await(aliceEvents, SoftswitchEvent.CallChanged.class,
                    c -> c.call().id().equals(callId) && c.call().state() == CallState.ENDED).call();
            assertThat(refused.unanswered()).isEqualTo(CallView.Unanswered.BUSY);
            VoicemailControl.Left direct = leftBy(aliceEvents);
            assertThat(direct.voicemailId()).as(direct.problem()).isNotNull();
            assertThat(direct.cause()).isEqualTo(VoicemailControl.Cause.BUSY);
            assertThat(direct.indicated()).as("message-waiting NOTIFY answered").isEqualTo(1);
            assertThat(direct.directCopies()).as("the voicemail itself went directly").isEqualTo(1);
            SoftswitchEvent.VoicemailChanged indication = await(bobEvents, SoftswitchEvent.VoicemailChanged.class,
                    v -> v.event() instanceof VoicemailEvent.Indicated);
            MessageSummary summary = ((VoicemailEvent.Indicated) indication.event()).summary();
            assertThat(summary.waiting()).isTrue();
            assertThat(summary.voice().newMessages()).isEqualTo(1);
            assertThat(summary.messages().getFirst().field("Message-ID")).contains("<" + direct.voicemailId() + ">");
            LocalVoicemail received = receivedBy(bobEvents);
            assertThat(received.id()).isEqualTo(direct.voicemailId());
            assertThat(received.via()).isEqualTo("direct");
            assertThat(bob.playVoicemail(received.id()).get(20, TimeUnit.SECONDS).heardHertz())
                    .isCloseTo(440.0, org.assertj.core.data.Offset.offset(15.0));
            Path export = dir.resolve("saved.wav");
            LocalVoicemail saved = bob.saveVoicemail(received.id(), export).get(20, TimeUnit.SECONDS);
            assertThat(saved.state()).isEqualTo(LocalVoicemail.State.SAVED);
            assertThat(saved.serverCopy()).isFalse();
            assertThat(Files.size(export)).isEqualTo(received.size());
            assertThat(api.get("voicemails", ApiClient.bearer(bobToken)).as(Voicemails.class).voicemails())
                    .as("saved on Bob's endpoint, released on the server").isEmpty();

            // Claim 4's "forwarding": Bob passes it on to Alice, online, who gets it directly.
            VoicemailControl.Left forwarded = bob.forwardVoicemail(received.id(), "vm.alice").get(30, TimeUnit.SECONDS);
            assertThat(forwarded.directCopies()).as(forwarded.problem()).isEqualTo(1);
            LocalVoicemail atAlice = receivedBy(aliceEvents);
            assertThat(atAlice.from()).isEqualTo("vm.bob");
            assertThat(atAlice.size()).as("the same audio, sealed anew for Alice").isEqualTo(received.size());
            assertThat(atAlice.sha256()).isNotEqualTo(received.sha256());
            assertThat(alice.playVoicemail(atAlice.id()).get(20, TimeUnit.SECONDS).heardHertz())
                    .isCloseTo(440.0, org.assertj.core.data.Offset.offset(15.0));

            bob.logout().get(20, TimeUnit.SECONDS);
            alice.logout().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStockClientEnrolledAsBobsDeviceCallsAliceOverTlsAndTheCallIsVerifiedAndEncrypted() throws Exception {
        Baresip.require();
        MainServer server = MainServer.connect();
        Reply imported = server.api().post("admin/accounts/import?mode=upsert", new ProvisioningFile(List.of(
                new ProvisionedAccount("tls.alice", "tls.alice@example.com", "Alice", "tls.alice-secret-password", null,
                        null, null, null, List.of(), List.of(new ProvisionedBuddy("tls.bob", null))),
                new ProvisionedAccount("tls.bob", "tls.bob@example.com", "Bob", "tls.bob-secret-password", null,
                        null, null, null, List.of(), List.of()))), basic("admin", ADMIN));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        Path voice = dir.resolve("bob-1000hz.wav");
        try (var out = Files.newOutputStream(voice)) {
            WavFile.write(new PcmAudio(8000,
                    ToneGenerator.sine(1000, 0.3, 8000, 8000 * 20)), out);
        }

        try (StunServer stun = StunServer.start(new InetSocketAddress("127.0.0.1", 0));
             Softswitch alice = Softswitch.start(config("tls.alice", server.pin(), stun.localAddress(), 440, true));
             Softswitch bob = Softswitch.start(config("tls.bob", server.pin(), stun.localAddress(), 1000, false))) {
            LinkedBlockingQueue<SoftswitchEvent> aliceEvents = new LinkedBlockingQueue<>();
            alice.onEvent(aliceEvents::add);
            alice.login().get(20, TimeUnit.SECONDS);
            // Bob enrols his desk phone from his endpoint: the key stays in the files, the server certifies it, then he logs out.
            bob.login().get(20, TimeUnit.SECONDS);
            var files = bob.enrolDevice("bob-desk", dir.resolve("bob-desk")).get(20, TimeUnit.SECONDS);
            bob.logout().get(20, TimeUnit.SECONDS);
            assertThat(Files.getPosixFilePermissions(files.key())).as("the device's key is its owner's alone")
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE);

            try (var desk = Baresip.start(dir.resolve("baresip"), "tls.bob",
                    Baresip.freePort(), voice,
                    "sip:tls.alice@127.0.0.1:" + alice.sipTlsAddress().getPort() + ";transport=tls", "dtls_srtp",
                    List.of("sip_certificate " + files.certificateAndKey(), "sip_cafile " + files.authority()))) {
                CallView active;
                try {
                    active = await(aliceEvents, SoftswitchEvent.CallChanged.class, c -> c.call().state() == CallState.ACTIVE).call();
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; baresip said:\n" + desk.log(), e);
                }
                assertThat(active.peer()).isEqualTo("tls.bob");
                assertThat(active.verified()).as("the device certificate the server issued proves bob").isTrue();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < end && alice.calls().get(5, TimeUnit.SECONDS).getLast().stats().packetsReceived() < 120) {
                    Thread.sleep(100);
                }
                assertThat(alice.calls().get(5, TimeUnit.SECONDS).getLast().encrypted()).as("DTLS-SRTP inside TLS").isTrue();
                alice.hangup(active.id()).get(5, TimeUnit.SECONDS);
                CallView ended = await(aliceEvents, SoftswitchEvent.CallChanged.class, c -> c.call().state() == CallState.ENDED).call();
                assertThat(ended.heardHertz()).as("alice decrypted the desk phone's 1000 Hz").isEqualTo(1000.0);
            }

            // The desk phone is stolen: bob revokes it; alice's endpoint learns it with its next login (or keepalive).
            bob.login().get(20, TimeUnit.SECONDS);
            String deskId = bob.devices().get(20, TimeUnit.SECONDS).devices().getFirst().deviceId();
            bob.revokeDevice(deskId).get(20, TimeUnit.SECONDS);
            bob.logout().get(20, TimeUnit.SECONDS);
            alice.logout().get(20, TimeUnit.SECONDS);
            assertThat(alice.login().get(20, TimeUnit.SECONDS).session().revokedDevices()).as("the server tells bob's buddy")
                    .hasSize(1);
            aliceEvents.clear();
            long refusedBefore = alice.tlsCounters()[1];
            try (var stolen = Baresip.start(dir.resolve("baresip-stolen"), "tls.bob",
                    Baresip.freePort(), voice,
                    "sip:tls.alice@127.0.0.1:" + alice.sipTlsAddress().getPort() + ";transport=tls", "dtls_srtp",
                    List.of("sip_certificate " + files.certificateAndKey(), "sip_cafile " + files.authority()))) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end) {
                    SoftswitchEvent e = aliceEvents.poll(100, TimeUnit.MILLISECONDS);
                    assertThat(e instanceof SoftswitchEvent.CallChanged).as("the stolen phone never rings alice: %s", e).isFalse();
                }
                assertThat(alice.tlsCounters()[1]).as("alice's endpoint refused its handshake").isGreaterThan(refusedBefore);
            }
            alice.logout().get(20, TimeUnit.SECONDS);
        }
    }

    private static VoicemailControl.Left leftBy(LinkedBlockingQueue<SoftswitchEvent> events) throws InterruptedException {
        SoftswitchEvent.VoicemailChanged e = await(events, SoftswitchEvent.VoicemailChanged.class,
                v -> v.event() instanceof VoicemailEvent.Left);
        return ((VoicemailEvent.Left) e.event()).left();
    }

    private static LocalVoicemail receivedBy(LinkedBlockingQueue<SoftswitchEvent> events) throws InterruptedException {
        SoftswitchEvent.VoicemailChanged e = await(events, SoftswitchEvent.VoicemailChanged.class,
                v -> v.event() instanceof VoicemailEvent.Received);
        return ((VoicemailEvent.Received) e.event()).voicemail();
    }

    @SafeVarargs
    private static List<InetSocketAddress> concat(Set<InetSocketAddress>... sets) {
        return java.util.Arrays.stream(sets).flatMap(Set::stream).toList();
    }

    private static long counter(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
