package io.peerswitch.endpoint.im;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.peer.Reachability;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.jain.JainSipTransport;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Instant messages between two endpoints' softswitch parts over real JAIN-SIP stacks on loopback. */
class ImOverJainSipTest {

    private final ThreadEventLoop loopA = new ThreadEventLoop("alice");
    private final ThreadEventLoop loopB = new ThreadEventLoop("bob");
    private JainSipTransport sipA;
    private JainSipTransport sipB;

    @AfterEach
    void stop() {
        if (sipA != null) {
            sipA.close();
        }
        if (sipB != null) {
            sipB.close();
        }
        loopA.close();
        loopB.close();
    }

    private final io.peerswitch.endpoint.identity.TestAuthority authority = new io.peerswitch.endpoint.identity.TestAuthority();

    private static Profile profile(String user, String buddy, RelationState relation) {
        return new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                List.of(new Buddy(buddy, buddy, relation, true, PresenceStatus.AVAILABLE)));
    }

    /** Bob on {@code sipB}, alice his only buddy, his messages into {@code inbox}. */
    private void bobWhoseOnlyBuddyIsAlice(LinkedBlockingQueue<ImControl.Received> inbox) throws Exception {
        onLoop(loopB, () -> {
            PeerControl peersB = new PeerControl();
            peersB.load(profile("bob", "alice", RelationState.ACCEPTED));
            ImControl imB = new ImControl(new SignalingAgent(sipB, loopB, peersB::isAcceptedBuddy), new RoutingTable(),
                    peersB, () -> new LocalParty("bob", null, "example.com", sipB.localAddress(), "UDP"));
            imB.onReceived(inbox::add);
            return imB;
        });
    }

    private static <T> T onLoop(ThreadEventLoop loop, java.util.function.Supplier<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBuddysMessageArrivesIntactAndIsConfirmed() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
        sipA.setAuthenticator(authority.authenticator("alice", "a1", java.time.Clock.systemUTC()));
        sipB.setAuthenticator(authority.authenticator("bob", "b1", java.time.Clock.systemUTC()));
        LocalParty alice = new LocalParty("alice", "Alice", "example.com", sipA.localAddress(), "UDP");
        LocalParty bob = new LocalParty("bob", null, "example.com", sipB.localAddress(), "UDP");

        RoutingTable routingA = new RoutingTable();
        PeerControl peersA = new PeerControl();
        PeerControl peersB = new PeerControl();
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
        ImControl imA = onLoop(loopA, () -> {
            peersA.load(profile("alice", "bob", RelationState.ACCEPTED));
            routingA.load(List.of(new RoutingEntry("bob", "b1", TransportAddress.of(sipB.localAddress()), null,
                    NatType.NO_NAT, Instant.now(), null)));
            return new ImControl(new SignalingAgent(sipA, loopA, peersA::isAcceptedBuddy), routingA, peersA, () -> alice);
        });
        onLoop(loopB, () -> {
            peersB.load(profile("bob", "alice", RelationState.ACCEPTED));
            ImControl imB = new ImControl(new SignalingAgent(sipB, loopB, peersB::isAcceptedBuddy), new RoutingTable(),
                    peersB, () -> bob);
            imB.onReceived(inbox::add);
            return imB;
        });

        String text = "Grüße, 你好 — \uD83D\uDE00 " + "x".repeat(1500);
        ImControl.Outcome outcome = onLoop(loopA, () -> imA.send("bob", text)).get(10, TimeUnit.SECONDS);

        assertThat(outcome).isInstanceOf(ImControl.Outcome.Delivered.class);
        ImControl.Received received = inbox.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.from()).isEqualTo("alice");
        assertThat(received.text()).isEqualTo(text);
        assertThat(onLoop(loopA, () -> peersA.buddy("bob").orElseThrow().reachability())).isEqualTo(Reachability.CONFIRMED);
    }

    /**
     * A UDP relay on loopback in front of {@code to}: what comes from elsewhere goes to {@code to}, what comes from
     * {@code to} goes back to the last other sender, and a copy of each is kept: what an observer on the path sees.
     */
    private static final class Tap implements AutoCloseable {
        final java.net.DatagramSocket socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        final LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();

        Tap(InetSocketAddress to) throws java.io.IOException {
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[65_535];
                java.net.SocketAddress client = null;
                while (!socket.isClosed()) {
                    try {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
                        socket.receive(p);
                        seen.add(new String(p.getData(), 0, p.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1));
                        boolean fromServer = p.getSocketAddress().equals(to);
                        if (!fromServer) {
                            client = p.getSocketAddress();
                        }
                        if (fromServer && client == null) {
                            continue;
                        }
                        socket.send(new java.net.DatagramPacket(p.getData(), p.getLength(), fromServer ? client : to));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /**
     * Alice sends to bob's installation key {@code bobsKey} as the authority certified it for {@code certifiedFor};
     * bob holds {@code bobHolds}. Returns alice's outcome; bob's messages go to {@code inbox}, what the path saw to {@code wire}.
     */
    private ImControl.Outcome sealedMessage(java.security.KeyPair bobsKey, String certifiedFor, java.security.KeyPair bobHolds,
                                            String text, LinkedBlockingQueue<ImControl.Received> inbox, List<String> wire)
            throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
        sipA.setAuthenticator(authority.authenticator("alice", "a1", java.time.Clock.systemUTC()));
        sipB.setAuthenticator(authority.authenticator("bob", "b1", java.time.Clock.systemUTC()));
        MessageCrypto aliceCrypto = new MessageCrypto(io.peerswitch.wire.identity.EcKeys.generate(), java.time.Clock.systemUTC());
        MessageCrypto bobCrypto = new MessageCrypto(bobHolds, java.time.Clock.systemUTC());
        aliceCrypto.trust(authority.keys().getPublic());
        bobCrypto.trust(authority.keys().getPublic());
        String credential = io.peerswitch.wire.identity.MessageKeyCredential.issue(authority.keys().getPrivate(), certifiedFor,
                "bob-desk", (java.security.interfaces.ECPublicKey) bobsKey.getPublic(), Instant.now().plusSeconds(3600)).text();
        try (Tap tap = new Tap(sipB.localAddress())) {
            LocalParty alice = new LocalParty("alice", "Alice", "example.com", sipA.localAddress(), "UDP");
            RoutingTable routingA = new RoutingTable();
            PeerControl peersA = new PeerControl();
            ImControl imA = onLoop(loopA, () -> {
                peersA.load(profile("alice", "bob", RelationState.ACCEPTED));
                routingA.load(List.of(new RoutingEntry("bob", "b1", TransportAddress.of(tap.address()), null,
                        NatType.NO_NAT, Instant.now(), null, null, null, credential)));
                return new ImControl(new SignalingAgent(sipA, loopA, peersA::isAcceptedBuddy), routingA, peersA, () -> alice, aliceCrypto);
            });
            onLoop(loopB, () -> {
                PeerControl peersB = new PeerControl();
                peersB.load(profile("bob", "alice", RelationState.ACCEPTED));
                ImControl imB = new ImControl(new SignalingAgent(sipB, loopB, peersB::isAcceptedBuddy), new RoutingTable(), peersB,
                        () -> new LocalParty("bob", null, "example.com", sipB.localAddress(), "UDP"), bobCrypto);
                imB.onReceived(inbox::add);
                return imB;
            });
            ImControl.Outcome outcome = onLoop(loopA, () -> imA.send("bob", text)).get(10, TimeUnit.SECONDS);
            tap.seen.drainTo(wire);
            return outcome;
        }
    }

    @Test
    void aMessageTravelsSealedForTheBuddysCertifiedKeyAndOnlyItReadsIt() throws Exception {
        java.security.KeyPair bobsKey = io.peerswitch.wire.identity.EcKeys.generate();
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
        List<String> wire = new java.util.ArrayList<>();

        ImControl.Outcome outcome = sealedMessage(bobsKey, "bob", bobsKey, "the door code is 4711", inbox, wire);

        assertThat(outcome).isInstanceOf(ImControl.Outcome.Delivered.class);
        ImControl.Received received = inbox.poll(10, TimeUnit.SECONDS);
        assertThat(received).isNotNull();
        assertThat(received.text()).isEqualTo("the door code is 4711");
        assertThat(received.encrypted()).isTrue();
        assertThat(wire).as("the MESSAGE passed the tap").anySatisfy(d -> assertThat(d).startsWith("MESSAGE ")
                .contains("Content-Type: application/pkcs7-mime"));
        assertThat(wire).as("an observer on the path").noneSatisfy(d -> assertThat(d).contains("4711"));
    }

    @Test
    void aMessageSealedForAKeyTheBuddyDoesNotHoldIs493AndNeverShown() throws Exception {
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();

        ImControl.Outcome outcome = sealedMessage(io.peerswitch.wire.identity.EcKeys.generate(), "bob",
                io.peerswitch.wire.identity.EcKeys.generate(), "for someone else", inbox, new java.util.ArrayList<>());

        assertThat(outcome).isEqualTo(new ImControl.Outcome.NotDelivered("493 Undecipherable", ImControl.Outcome.Cause.REFUSED));
        assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aKeyCertifiedForAnotherUserIsNeverUsedNorReplacedByPlainText() throws Exception {
        java.security.KeyPair mallorysKey = io.peerswitch.wire.identity.EcKeys.generate();
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
        List<String> wire = new java.util.ArrayList<>();

        ImControl.Outcome outcome = sealedMessage(mallorysKey, "mallory", mallorysKey, "not for mallory", inbox, wire);

        assertThat(outcome).isEqualTo(new ImControl.Outcome.NotDelivered("its message key is not certified for bob",
                ImControl.Outcome.Cause.UNREACHABLE));
        assertThat(wire).isEmpty();
        assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aStrangersMessageIsRefusedWith403() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
        sipA.setAuthenticator(authority.authenticator("mallory", "a1", java.time.Clock.systemUTC()));
        sipB.setAuthenticator(authority.authenticator("bob", "b1", java.time.Clock.systemUTC()));
        LocalParty mallory = new LocalParty("mallory", null, "example.com", sipA.localAddress(), "UDP");
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
        RoutingTable routingA = new RoutingTable();
        PeerControl peersA = new PeerControl();
        ImControl imA = onLoop(loopA, () -> {
            peersA.load(profile("mallory", "bob", RelationState.ACCEPTED));
            routingA.load(List.of(new RoutingEntry("bob", "b1", TransportAddress.of(sipB.localAddress()), null,
                    NatType.NO_NAT, Instant.now(), null)));
            return new ImControl(new SignalingAgent(sipA, loopA, peersA::isAcceptedBuddy), routingA, peersA, () -> mallory);
        });
        bobWhoseOnlyBuddyIsAlice(inbox);

        ImControl.Outcome outcome = onLoop(loopA, () -> imA.send("bob", "let me in")).get(10, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new ImControl.Outcome.NotDelivered("403 Forbidden", ImControl.Outcome.Cause.REFUSED));
        assertThat(inbox.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anUnsignedMessageClaimingABuddyIsRefusedWith428AndNeverShown() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipB = new JainSipTransport(any, loopB, d -> { });
        sipB.setAuthenticator(authority.authenticator("bob", "b1", java.time.Clock.systemUTC()));
        LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
        bobWhoseOnlyBuddyIsAlice(inbox);

        try (java.net.DatagramSocket forger = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            forger.setSoTimeout(5000);
            for (String toTag : new String[] {"", ";tag=x"}) {
                String forged = "MESSAGE sip:bob@127.0.0.1:" + sipB.localAddress().getPort() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + forger.getLocalPort() + ";branch=z9hG4bK-forged" + toTag.length() + ";rport\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>" + toTag + "\r\n"
                        + "Call-ID: forged" + toTag.length() + "\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
                byte[] bytes = forged.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                forger.send(new java.net.DatagramPacket(bytes, bytes.length, sipB.localAddress()));
                byte[] buffer = new byte[4096];
                java.net.DatagramPacket answer = new java.net.DatagramPacket(buffer, buffer.length);
                forger.receive(answer);
                assertThat(new String(buffer, 0, answer.getLength(), java.nio.charset.StandardCharsets.UTF_8))
                        .startsWith("SIP/2.0 428 ").doesNotContain("Identity:");
            }
        }
        assertThat(inbox.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
