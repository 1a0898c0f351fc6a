package io.peerswitch.endpoint.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
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
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Shared parts of the interoperability tests with real SIP peers from Debian (baresip, linphone, SIPp): a real
 * endpoint (JAIN-SIP, RTP) whose buddy is the peer, and the rule that the peers must be installed.
 * CI installs them ({@code .ci/run}); elsewhere the tests are skipped unless {@code -Dpeerswitch.interop=required},
 * which turns a missing peer into a failure.
 */
final class Interop {

    private Interop() {
    }

    /** Skips (or fails, when interop is required) unless {@code program} is on the PATH. */
    static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if (Boolean.parseBoolean(System.getProperty("peerswitch.interop.required", "false"))) {
            throw new AssertionError(program + " is not installed; CI installs it (apt-get install baresip linphone-cli sip-tester)");
        }
        assumeTrue(false, program + " is not installed (apt-get install baresip linphone-cli sip-tester); skipping");
        return null;
    }

    /** A free UDP port on loopback (bound and released: good enough for a test on one machine). */
    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    /** A real endpoint's call control on loopback, with {@code peerUser} at {@code peer} as its one buddy. */
    static final class Endpoint implements AutoCloseable {
        final ThreadEventLoop loop = new ThreadEventLoop("interop");
        final JainSipTransport sip;
        final CallControl calls;
        final LinkedBlockingQueue<CallView> events = new LinkedBlockingQueue<>();

        Endpoint(String user, String peerUser, InetSocketAddress peer, double hertz, boolean autoAnswer) throws Exception {
            this(user, peerUser, peer, hertz, autoAnswer, null);
        }

        /** As above, with a DTLS certificate for DTLS-SRTP when {@code certificate} is not null. */
        Endpoint(String user, String peerUser, InetSocketAddress peer, double hertz, boolean autoAnswer,
                 DtlsCertificate certificate) throws Exception {
            this(user, peerUser, peer, hertz, autoAnswer, certificate, null);
        }

        /**
         * As above; with {@code authority}, SIP over TLS presents a session certificate of it and only peers with its
         * certificates are believed, and nothing unauthenticated is admitted (docs/security.md, "Stock SIP clients").
         */
        Endpoint(String user, String peerUser, InetSocketAddress peer, double hertz, boolean autoAnswer,
                 DtlsCertificate certificate, io.peerswitch.endpoint.identity.TestAuthority authority) throws Exception {
            sip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), loop, d -> { });
            if (authority != null) {
                authority.tls(sip.tls(), user, "loc-" + user);
            }
            LocalParty me = new LocalParty(user, null, "localhost", sip.localAddress(), "UDP");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            calls = onLoop(() -> {
                PeerControl peers = new PeerControl();
                peers.load(new Profile(user, user, user + "@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                        List.of(new Buddy(peerUser, peerUser, RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
                RoutingTable routing = new RoutingTable();
                if (peer != null) {
                    routing.load(List.of(new RoutingEntry(peerUser, "peer", TransportAddress.of(peer), null, NatType.NO_NAT,
                            Instant.now(), null)));
                }
                SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
                agent.admitUnsigned(authority == null);
                return new CallControl(agent, routing, peers, () -> me, callId -> channel(loopback, hertz, certificate),
                        new CallControl.Settings(autoAnswer, Duration.ofSeconds(15), () -> false, 8), events::add);
            });
        }

        private static io.peerswitch.endpoint.call.MediaChannel channel(InetAddress loopback, double hertz,
                                                                        DtlsCertificate certificate) throws IOException {
            return RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback, new AudioSpec.Tone(hertz), new AudioSpec.None(),
                    "interop", "interop@127.0.0.1", certificate);
        }

        <T> T onLoop(Supplier<T> work) throws Exception {
            return loop.submit(work).get(10, TimeUnit.SECONDS);
        }

        CallView await(Predicate<CallView> condition, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                CallView v = events.poll(100, TimeUnit.MILLISECONDS);
                if (v != null && condition.test(v)) {
                    return v;
                }
            }
            throw new AssertionError("no call event matched within " + timeout);
        }

        /** Waits until the active call has received {@code packets} RTP packets. */
        void awaitMedia(String id, long packets) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                if (onLoop(() -> calls.call(id).orElseThrow().stats().packetsReceived()) >= packets) {
                    return;
                }
                Thread.sleep(50);
            }
            assertThat(onLoop(() -> calls.call(id).orElseThrow().stats().packetsReceived())).isGreaterThanOrEqualTo(packets);
        }

        @Override
        public void close() {
            sip.close();
            loop.close();
        }
    }
}
