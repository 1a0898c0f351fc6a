package io.peerswitch.endpoint.im;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static Profile profile(String user, String buddy, RelationState relation) {
        return new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                List.of(new Buddy(buddy, buddy, relation, true, PresenceStatus.AVAILABLE)));
    }

    private static <T> T onLoop(ThreadEventLoop loop, java.util.function.Supplier<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBuddysMessageArrivesIntactAndIsConfirmed() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
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

    @Test
    void aStrangersMessageIsRefusedWith403() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
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
        onLoop(loopB, () -> {
            PeerControl peersB = new PeerControl();
            peersB.load(profile("bob", "alice", RelationState.ACCEPTED));
            ImControl imB = new ImControl(new SignalingAgent(sipB, loopB, peersB::isAcceptedBuddy), new RoutingTable(),
                    peersB, () -> new LocalParty("bob", null, "example.com", sipB.localAddress(), "UDP"));
            imB.onReceived(inbox::add);
            return imB;
        });

        ImControl.Outcome outcome = onLoop(loopA, () -> imA.send("bob", "let me in")).get(10, TimeUnit.SECONDS);

        assertThat(outcome).isEqualTo(new ImControl.Outcome.NotDelivered("403 Forbidden", ImControl.Outcome.Cause.REFUSED));
        assertThat(inbox.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }
}
