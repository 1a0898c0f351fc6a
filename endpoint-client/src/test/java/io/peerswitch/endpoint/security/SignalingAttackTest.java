package io.peerswitch.endpoint.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.identity.PeerAuthenticator;
import io.peerswitch.endpoint.identity.TestAuthority;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.media.session.RtpMediaChannel;
import io.peerswitch.endpoint.nat.PeerPaths;
import io.peerswitch.endpoint.nat.ReflectorAccess;
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
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 12 on signaling, against a running endpoint on real UDP sockets (docs/security.md):
 * bob's only buddy is alice; the attacker is a socket on the same host that knows every name and sees every
 * packet. Each attack must be refused and leave bob's routing table, peer paths, history and calls untouched.
 */
class SignalingAttackTest {

    /** A clock the test moves, so replay windows pass without waiting. */
    private static final class MovableClock extends Clock {
        private final AtomicLong offsetSeconds = new AtomicLong();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusSeconds(offsetSeconds.get());
        }

        void advance(Duration by) {
            offsetSeconds.addAndGet(by.toSeconds());
        }
    }

    private final TestAuthority authority = new TestAuthority();
    private final MovableClock clock = new MovableClock();
    private final ThreadEventLoop loop = new ThreadEventLoop("bob");
    private final LinkedBlockingQueue<ImControl.Received> inbox = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<CallView> calls = new LinkedBlockingQueue<>();
    private final PeerPaths paths = new PeerPaths(Clock.systemUTC(), new ReflectorAccess(Clock.systemUTC()));
    private final PeerAuthenticator alice = authority.authenticator("alice", "loc-alice", Clock.systemUTC());
    private final PeerAuthenticator mallory = authority.authenticator("mallory", "loc-mallory", Clock.systemUTC());
    private JainSipTransport sip;
    private RoutingTable routing;
    private ImControl im;
    private CallControl bobCalls;
    private volatile int bobMediaPort;
    private io.peerswitch.endpoint.presence.PresenceControl presence;
    private DatagramSocket attacker;

    @BeforeEach
    void bob() throws Exception {
        sip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), loop, d -> { });
        sip.setAuthenticator(authority.authenticator("bob", "loc-bob", clock));
        sip.setPeerPaths(paths);
        attacker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        attacker.setSoTimeout(3000);
        LocalParty me = new LocalParty("bob", null, "example.com", sip.localAddress(), "UDP");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        im = loop.submit(() -> {
            PeerControl peers = new PeerControl();
            peers.load(new Profile("bob", "bob", "bob@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                    List.of(new Buddy("alice", "alice", RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
            routing = new RoutingTable();
            routing.load(List.of(new RoutingEntry("alice", "loc-alice", TransportAddress.of(new InetSocketAddress("127.0.0.1", attacker.getLocalPort())),
                    null, NatType.NO_NAT, Instant.now(), null)));
            SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
            bobCalls = new CallControl(agent, routing, peers, () -> me, id -> {
                RtpMediaChannel channel = RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback,
                        new AudioSpec.Tone(440), new AudioSpec.None(), id, "bob@127.0.0.1");
                bobMediaPort = channel.port();
                return channel;
            },
                    new CallControl.Settings(false, Duration.ofSeconds(10), () -> false, 8), calls::add);
            presence = new io.peerswitch.endpoint.presence.PresenceControl(agent, routing, peers, () -> me, Duration.ofSeconds(5));
            ImControl control = new ImControl(agent, routing, peers, () -> me);
            control.onReceived(inbox::add);
            return control;
        }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        attacker.close();
        sip.close();
        loop.close();
    }

    private static SipRequest request(String method, String from, String toTag, String callId, String via, String contact,
                                      String body) {
        String text = method + " sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + via + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + from + "@example.com>;tag=f-" + callId + "\r\n"
                + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + (contact == null ? "" : "Contact: " + contact + "\r\n")
                + (body == null ? "Content-Length: 0\r\n\r\n"
                        : "Content-Type: text/plain\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return (SipRequest) ((SipParseResult.Parsed) SipCodec.parse(bytes, 0, bytes.length)).message();
    }

    private String via() {
        return "127.0.0.1:" + attacker.getLocalPort();
    }

    /** Sends {@code request} from the attacker's socket and returns the status of the final answer (0: none). */
    private int send(SipRequest request) throws Exception {
        byte[] bytes = SipCodec.format(request);
        attacker.send(new DatagramPacket(bytes, bytes.length, sip.localAddress()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < end) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                attacker.receive(packet);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            SipParseResult parsed = SipCodec.parse(buffer, 0, packet.getLength());
            if (parsed instanceof SipParseResult.Parsed(SipResponse response) && response.callId().equals(request.callId())
                    && response.status() >= 200) {
                return response.status();
            }
        }
        return 0;
    }

    private List<String> aliceLocations() throws Exception {
        return loop.submit(() -> routing.locations("alice").stream().map(l -> l.locationId() + "@" + l.publicAddress()).toList())
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void anUnsignedMessageWithAToTagClaimingABuddyIsRefusedAndLeavesNoTrace() throws Exception {
        List<String> before = aliceLocations();

        int status = send(request("MESSAGE", "alice", "x", "forged-to-tag", via(), "<sip:alice@127.0.0.1:9>", "you won"));

        assertThat(status).isEqualTo(428);
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(aliceLocations()).isEqualTo(before);
    }

    @Test
    void unsignedRequestsGetTheSameAnswerWhateverNameTheyClaim() throws Exception {
        for (String claimed : List.of("alice", "nobody", "carol")) {
            assertThat(send(request("INVITE", claimed, null, "scan-invite-" + claimed, via(), "<sip:" + claimed + "@127.0.0.1:9>", null)))
                    .as(claimed).isEqualTo(428);
            assertThat(send(request("MESSAGE", claimed, null, "scan-message-" + claimed, via(), null, "hi"))).as(claimed).isEqualTo(428);
            assertThat(send(request("SUBSCRIBE", claimed, null, "scan-subscribe-" + claimed, via(), null, null))).as(claimed).isEqualTo(428);
        }
        assertThat(calls.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(inbox).isEmpty();
    }

    @Test
    void aForgedViaAndReflectorTeachBobNoPath() throws Exception {
        InetSocketAddress forgedAdvertised = new InetSocketAddress("127.0.0.1", 40_404);
        InetSocketAddress forgedReflector = new InetSocketAddress("127.0.0.1", attacker.getLocalPort());
        SipRequest forged = request("MESSAGE", "alice", null, "forged-via", "127.0.0.1:40404",
                "<sip:alice@127.0.0.1:40404>;ps-nat=symmetric;ps-reflector=\"127.0.0.1:" + attacker.getLocalPort() + "\"", "hi");

        send(forged);

        assertThat(paths.isReflector(forgedReflector)).isFalse();
        assertThat(paths.natOf(forgedAdvertised)).isEmpty();
        assertThat(paths.reflectorOf(forgedAdvertised)).isEmpty();
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aSignedMessageFromTheBuddyIsShownAndTeachesItsPath() throws Exception {
        SipRequest genuine = alice.sign(request("MESSAGE", "alice", null, "genuine", via(),
                "<sip:alice@" + via() + ">;ps-nat=full-cone", "hello bob"));

        assertThat(send(genuine)).isEqualTo(200);

        assertThat(inbox.poll(2, TimeUnit.SECONDS)).extracting(ImControl.Received::text).isEqualTo("hello bob");
        assertThat(paths.natOf(new InetSocketAddress("127.0.0.1", attacker.getLocalPort()))).contains(NatType.FULL_CONE);
    }

    @Test
    void aCertifiedStrangerIsRefusedAndCannotPassForTheBuddy() throws Exception {
        assertThat(send(mallory.sign(request("MESSAGE", "mallory", null, "stranger", via(), null, "hi")))).isEqualTo(403);
        assertThat(send(mallory.sign(request("MESSAGE", "alice", null, "posing", via(), null, "hi, it's alice")))).isEqualTo(438);
        assertThat(send(mallory.sign(request("MESSAGE", "mallory", "x", "stranger-in-dialog", via(), null, "hi")))).isEqualTo(481);
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theBuddyItselfNeedsADialogForARequestWithAToTag() throws Exception {
        assertThat(send(alice.sign(request("MESSAGE", "alice", "no-such-dialog", "in-dialog", via(), null, "hi")))).isEqualTo(481);
        assertThat(send(alice.sign(request("BYE", "alice", "no-such-dialog", "bye", via(), null, null)))).isEqualTo(481);
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aCapturedMessageReplayedAfterItsTransactionIsRefused() throws Exception {
        SipRequest captured = alice.sign(request("MESSAGE", "alice", null, "captured", via(), null, "once"));
        assertThat(send(captured)).isEqualTo(200);
        assertThat(inbox.poll(2, TimeUnit.SECONDS)).isNotNull();

        clock.advance(PeerAuthenticator.RETRANSMISSION_WINDOW.plusSeconds(1));

        assertThat(send(captured)).isEqualTo(438);
        assertThat(inbox.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aForgedAnswerNeverReachesBobsTransaction() throws Exception {
        CompletableFuture<ImControl.Outcome> outcome = loop.submit(() -> im.send("alice", "are you there?")).get(5, TimeUnit.SECONDS);
        byte[] buffer = new byte[8192];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        attacker.receive(packet);
        SipRequest sent = (SipRequest) ((SipParseResult.Parsed) SipCodec.parse(buffer, 0, packet.getLength())).message();
        assertThat(sent.header("Identity")).isPresent();

        SipResponse forged = SipResponses.reply(sent, 200, "OK", "t1");
        byte[] bytes = SipCodec.format(forged);
        attacker.send(new DatagramPacket(bytes, bytes.length, sip.localAddress()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (sip.droppedCounters()[0] == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(sip.droppedCounters()[0]).isEqualTo(1);
        assertThat(outcome).isNotDone();

        byte[] signed = SipCodec.format(alice.sign(forged));
        attacker.send(new DatagramPacket(signed, signed.length, sip.localAddress()));
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ImControl.Outcome.Delivered.class);
    }

    /** Alice, a certified buddy on her own stack, in a call with bob that bob answered; closed with the test. */
    private record AliceInACall(ThreadEventLoop loop, JainSipTransport sip, CallControl calls, CallView bobsSide,
                                LinkedBlockingQueue<CallView> events) implements AutoCloseable {
        @Override
        public void close() {
            sip.close();
            loop.close();
        }
    }

    private AliceInACall aliceCallsBob() throws Exception {
        ThreadEventLoop aliceLoop = new ThreadEventLoop("alice");
        LinkedBlockingQueue<CallView> aliceCalls = new LinkedBlockingQueue<>();
        JainSipTransport aliceSip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), aliceLoop, d -> { });
        aliceSip.setAuthenticator(authority.authenticator("alice", "loc-alice-2", Clock.systemUTC()));
        LocalParty aliceParty = new LocalParty("alice", null, "example.com", aliceSip.localAddress(), "UDP");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        CallControl aliceControl = aliceLoop.submit(() -> {
            PeerControl peers = new PeerControl();
            peers.load(new Profile("alice", "alice", "alice@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                    List.of(new Buddy("bob", "bob", RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
            RoutingTable aliceRouting = new RoutingTable();
            aliceRouting.load(List.of(new RoutingEntry("bob", "loc-bob", TransportAddress.of(sip.localAddress()), null,
                    NatType.NO_NAT, Instant.now(), null)));
            return new CallControl(new SignalingAgent(aliceSip, aliceLoop, peers::isAcceptedBuddy), aliceRouting, peers,
                    () -> aliceParty, id -> RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback,
                    new AudioSpec.Tone(1000), new AudioSpec.None(), id, "alice@127.0.0.1"),
                    new CallControl.Settings(false, Duration.ofSeconds(10), () -> false, 8), aliceCalls::add);
        }).get(10, TimeUnit.SECONDS);
        aliceLoop.submit(() -> aliceControl.dial("bob")).get(5, TimeUnit.SECONDS);
        CallView ringing = poll(calls, CallView::state, io.peerswitch.endpoint.call.CallState.RINGING);
        assertThat(ringing.verified()).as("alice signed her INVITE").isTrue();
        loop.submit(() -> {
            bobCalls.answer(ringing.id());
            return null;
        }).get(5, TimeUnit.SECONDS);
        poll(aliceCalls, CallView::state, io.peerswitch.endpoint.call.CallState.ACTIVE);
        return new AliceInACall(aliceLoop, aliceSip, aliceControl, ringing, aliceCalls);
    }

    @Test
    void rtpSprayedDuringARealCallNeitherMovesTheMediaNorIsHeard() throws Exception {
        try (AliceInACall alice = aliceCallsBob()) {
            String id = alice.bobsSide().id();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (loop.submit(() -> bobCalls.call(id).orElseThrow().stats().packetsReceived()).get(5, TimeUnit.SECONDS) < 50
                    && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            InetSocketAddress before = loop.submit(() -> bobCalls.call(id).orElseThrow().stats().sendingTo()).get(5, TimeUnit.SECONDS);
            java.util.Random random = new java.util.Random(3550);
            InetSocketAddress bobRtp = new InetSocketAddress("127.0.0.1", bobMediaPort);
            for (int i = 0; i < 300; i++) {
                byte[] rtp = new byte[172];
                random.nextBytes(rtp);
                rtp[0] = (byte) 0x80; // version 2, no padding, extension or CSRC
                rtp[1] = 0;           // PCMU, as negotiated
                attacker.send(new DatagramPacket(rtp, rtp.length, bobRtp));
            }
            loop.submit(() -> {
                bobCalls.hangup(id);
                return null;
            }).get(5, TimeUnit.SECONDS);
            CallView ended = poll(calls, v -> v.id().equals(id) && v.state() == io.peerswitch.endpoint.call.CallState.ENDED);

            InetSocketAddress sprayer = new InetSocketAddress("127.0.0.1", attacker.getLocalPort());
            assertThat(ended.stats().sendingTo()).as("the media path stays alice's").isEqualTo(before);
            assertThat(ended.stats().peers()).as("the sprayer is never heard").doesNotContain(sprayer);
            assertThat(ended.heardHertz()).isEqualTo(1000.0);
        }
    }

    @Test
    void aSubscribeFloodUnderTheBuddysNameDuringARealCallLeavesNoWatcherAndTheCallGoesOn() throws Exception {
        try (AliceInACall alice = aliceCallsBob()) {
            CallControl aliceControl = alice.calls();
            ThreadEventLoop aliceLoop = alice.loop();
            CallView ringing = alice.bobsSide();
            for (int i = 0; i < 10_000; i++) {
                byte[] bytes = SipCodec.format(request("SUBSCRIBE", "alice", null, "flood-" + i, via(), "<sip:alice@" + via() + ">", null)
                        .addHeader("Event", "presence").addHeader("Expires", "600"));
                attacker.send(new DatagramPacket(bytes, bytes.length, sip.localAddress()));
            }
            aliceLoop.submit(() -> aliceControl.dial("bob")).get(5, TimeUnit.SECONDS);
            CallView second = poll(calls, v -> v.state() == io.peerswitch.endpoint.call.CallState.RINGING && !v.id().equals(ringing.id()));

            assertThat(second).isNotNull();
            assertThat(loop.submit(() -> bobCalls.call(ringing.id()).orElseThrow().state()).get(5, TimeUnit.SECONDS))
                    .isEqualTo(io.peerswitch.endpoint.call.CallState.ACTIVE);
            assertThat(loop.submit(() -> presence.watcherCount()).get(5, TimeUnit.SECONDS)).isZero();
            assertThat(loop.submit(() -> presence.hasPresenceWith("alice")).get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    private static <V> CallView poll(LinkedBlockingQueue<CallView> events, java.util.function.Function<CallView, V> field, V value)
            throws InterruptedException {
        return poll(events, v -> value.equals(field.apply(v)));
    }

    private static CallView poll(LinkedBlockingQueue<CallView> events, java.util.function.Predicate<CallView> match)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            CallView view = events.poll(100, TimeUnit.MILLISECONDS);
            if (view != null && match.test(view)) {
                return view;
            }
        }
        throw new AssertionError("no call event matched in time");
    }
}
