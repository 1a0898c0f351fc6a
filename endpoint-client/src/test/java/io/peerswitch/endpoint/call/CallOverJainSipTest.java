package io.peerswitch.endpoint.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.media.session.AudioDevices;
import io.peerswitch.endpoint.media.session.MediaStats;
import io.peerswitch.endpoint.media.session.RtpMediaChannel;
import io.peerswitch.endpoint.peer.PeerControl;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call with two-way audio between two endpoints' call control over real JAIN-SIP and RTP on loopback. */
class CallOverJainSipTest {

    private final ThreadEventLoop loopA = new ThreadEventLoop("alice");
    private final ThreadEventLoop loopB = new ThreadEventLoop("bob");
    private JainSipTransport sipA;
    private JainSipTransport sipB;
    private final LinkedBlockingQueue<CallView> eventsA = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<CallView> eventsB = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        sipA.close();
        sipB.close();
        loopA.close();
        loopB.close();
    }

    private static <T> T onLoop(ThreadEventLoop loop, Supplier<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    private static CallView await(LinkedBlockingQueue<CallView> events, Predicate<CallView> condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            CallView v = events.poll(100, TimeUnit.MILLISECONDS);
            if (v != null && condition.test(v)) {
                return v;
            }
        }
        throw new AssertionError("no call event matched in time");
    }

    private final io.peerswitch.endpoint.identity.TestAuthority authority = new io.peerswitch.endpoint.identity.TestAuthority();
    private final LinkedBlockingQueue<String> digits = new LinkedBlockingQueue<>();
    private String transport;

    private CallControl control(ThreadEventLoop loop, JainSipTransport sip, String user, String buddy, double hz,
                                boolean autoAnswer, LinkedBlockingQueue<CallView> events, JainSipTransport buddySip) throws Exception {
        LocalParty me = new LocalParty(user, null, "example.com", sip.localAddress(), "UDP");
        sip.setAuthenticator(authority.authenticator(user, user + "-1", java.time.Clock.systemUTC()));
        return onLoop(loop, () -> {
            PeerControl peers = new PeerControl();
            peers.load(new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                    List.of(new Buddy(buddy, buddy, RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
            RoutingTable routing = new RoutingTable();
            routing.load(List.of(new RoutingEntry(buddy, "x", TransportAddress.of(buddySip.localAddress()), null,
                    NatType.NO_NAT, Instant.now(), null)));
            SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
            agent.preferTransport(transport);
            MediaChannel.Factory media = callId -> channel(hz);
            CallControl control = new CallControl(agent, routing, peers, () -> me, media,
                    new CallControl.Settings(autoAnswer, Duration.ofSeconds(10), () -> false, 8), events::add);
            control.onDtmf(digits::add);
            return control;
        });
    }

    private static MediaChannel channel(double hz) throws java.io.IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback, new AudioSpec.Tone(hz),
                new AudioSpec.None(), "test", "test@127.0.0.1");
    }

    @Test
    void overTcpTooWithDtmf() throws Exception {
        transport = "tcp";
        aliceCallsBobAndEachHearsTheOthersTone();
    }

    @Test
    void aliceCallsBobAndEachHearsTheOthersTone() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
        CallControl alice = control(loopA, sipA, "alice", "bob", 440, false, eventsA, sipB);
        CallControl bob = control(loopB, sipB, "bob", "alice", 1000, false, eventsB, sipA);

        String id = onLoop(loopA, () -> alice.dial("bob").join());
        CallView ringing = await(eventsB, v -> v.state() == CallState.RINGING && !v.outgoing());
        await(eventsA, v -> v.state() == CallState.RINGING);
        onLoop(loopB, () -> {
            bob.answer(ringing.id());
            return null;
        });
        await(eventsA, v -> v.state() == CallState.ACTIVE);
        await(eventsB, v -> v.state() == CallState.ACTIVE);

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end && (onLoop(loopA, () -> alice.call(id).orElseThrow().stats().packetsReceived()) < 120
                || onLoop(loopB, () -> bob.call(ringing.id()).orElseThrow().stats().packetsReceived()) < 120)) {
            Thread.sleep(50);
        }
        onLoop(loopA, () -> {
            alice.dtmf(id, "1#");
            return null;
        });
        assertThat(digits.poll(5, TimeUnit.SECONDS)).endsWith(":1");
        assertThat(digits.poll(5, TimeUnit.SECONDS)).endsWith(":#");
        onLoop(loopA, () -> {
            alice.hangup(id);
            return null;
        });
        CallView aliceEnd = await(eventsA, v -> v.state() == CallState.ENDED);
        CallView bobEnd = await(eventsB, v -> v.state() == CallState.ENDED);

        assertThat(aliceEnd.endReason()).isEqualTo("hung up");
        assertThat(bobEnd.endReason()).isEqualTo("hung up by alice");
        assertThat(aliceEnd.codec()).isEqualTo("PCMU");
        assertThat(aliceEnd.heardHertz()).isEqualTo(1000.0);
        assertThat(bobEnd.heardHertz()).isEqualTo(440.0);
        assertThat(aliceEnd.stats().packetsReceived()).isGreaterThanOrEqualTo(100);
        assertThat(bobEnd.stats().packetsReceived()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aRejectedCallEndsBusyAndAnUnansweredOneTimesOut() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        sipA = new JainSipTransport(any, loopA, d -> { });
        sipB = new JainSipTransport(any, loopB, d -> { });
        CallControl alice = control(loopA, sipA, "alice", "bob", 440, false, eventsA, sipB);
        CallControl bob = control(loopB, sipB, "bob", "alice", 1000, false, eventsB, sipA);

        onLoop(loopA, () -> alice.dial("bob").join());
        CallView ringing = await(eventsB, v -> v.state() == CallState.RINGING);
        onLoop(loopB, () -> {
            bob.reject(ringing.id());
            return null;
        });
        assertThat(await(eventsA, v -> v.state() == CallState.ENDED).endReason()).isEqualTo("busy");

        String second = onLoop(loopA, () -> alice.dial("bob").join());
        CallView ringingAgain = await(eventsB, v -> v.state() == CallState.RINGING && !v.id().equals(ringing.id()));
        onLoop(loopA, () -> {
            alice.hangup(second);
            return null;
        });
        assertThat(await(eventsA, v -> v.state() == CallState.ENDED && v.id().equals(second)).endReason()).isEqualTo("cancelled");
        assertThat(await(eventsB, v -> v.state() == CallState.ENDED && v.id().equals(ringingAgain.id())).endReason())
                .isEqualTo("cancelled by alice");
    }
}
