import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
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
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Call benchmark of the endpoint (issues 3, 12): two real endpoints (JAIN-SIP, RTP, G.711) in one JVM on
 * loopback. Prints call setup latency (INVITE to 200, auto-answer) without and with signed signaling
 * (RFC 8224 Identity on every message, docs/security.md), calls per second one endpoint sustains, and how
 * many concurrent calls with media it carries, with CPU per call; the last two signed, as the product runs.
 * Run by bench/call-bench.sh, which puts the endpoint on the class path.
 */
public class CallBench {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** The user authority of this run, standing in for the access server's. */
    private static final java.security.KeyPair AUTHORITY = io.peerswitch.wire.identity.EcKeys.generate();

    /** One side: a softswitch's call control on its own loop and SIP stack. */
    static final class Side {
        final ThreadEventLoop loop;
        final JainSipTransport sip;
        CallControl calls;
        final Map<String, CompletableFuture<CallView>> active = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<CallView>> ended = new ConcurrentHashMap<>();

        final boolean signed;
        /** The DTLS certificate of an endpoint that encrypts its media (DTLS-SRTP), or null for plain RTP. */
        final io.peerswitch.endpoint.media.dtls.DtlsCertificate certificate;

        Side(String user, boolean signed) throws Exception {
            this(user, signed, false);
        }

        Side(String user, boolean signed, boolean dtls) throws Exception {
            this.signed = signed;
            this.certificate = dtls ? io.peerswitch.endpoint.media.dtls.DtlsCertificate.generate(Instant.now()) : null;
            loop = new ThreadEventLoop(user);
            sip = new JainSipTransport(new InetSocketAddress(LOOPBACK, 0), loop, d -> { });
            if (signed) {
                java.security.KeyPair session = io.peerswitch.wire.identity.EcKeys.generate();
                io.peerswitch.endpoint.identity.PeerAuthenticator authenticator =
                        new io.peerswitch.endpoint.identity.PeerAuthenticator(java.time.Clock.systemUTC());
                authenticator.configure(session.getPrivate(), io.peerswitch.wire.identity.LocationCredential.issue(
                        AUTHORITY.getPrivate(), user, user + "-bench", (java.security.interfaces.ECPublicKey) session.getPublic(),
                        Instant.now().plus(Duration.ofHours(2))), AUTHORITY.getPublic());
                sip.setAuthenticator(authenticator);
            }
        }

        void start(String user, String buddy, Side peer, boolean media) throws Exception {
            LocalParty me = new LocalParty(user, null, "bench", sip.localAddress(), "UDP");
            calls = onLoop(() -> {
                PeerControl peers = new PeerControl();
                peers.load(new Profile(user, user, user + "@bench.example", PresenceStatus.AVAILABLE, null, List.of(),
                        List.of(new Buddy(buddy, buddy, RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
                RoutingTable routing = new RoutingTable();
                routing.load(List.of(new RoutingEntry(buddy, "x", TransportAddress.of(peer.sip.localAddress()), null,
                        NatType.NO_NAT, Instant.now(), null)));
                SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
                agent.admitUnsigned(!signed); // the unsigned pair: the behaviour before identities, for comparison
                return new CallControl(agent, routing, peers, () -> me,
                        id -> RtpMediaChannel.open(LOOPBACK, new PortRange(0, 0), LOOPBACK,
                                media ? new AudioSpec.Tone(user.equals("alice") ? 440 : 1000) : new AudioSpec.None(),
                                new AudioSpec.None(), id, user + "@bench", certificate),
                        new CallControl.Settings(true, Duration.ofSeconds(30), () -> false, 10_000), this::changed);
            });
        }

        private void changed(CallView view) {
            if (view.state() == CallState.ACTIVE) {
                active.computeIfAbsent(view.id(), k -> new CompletableFuture<>()).complete(view);
            } else if (view.state() == CallState.ENDED) {
                active.computeIfAbsent(view.id(), k -> new CompletableFuture<>()).complete(view);
                ended.computeIfAbsent(view.id(), k -> new CompletableFuture<>()).complete(view);
            }
        }

        <T> T onLoop(Supplier<T> work) throws Exception {
            return loop.submit(work).get(30, TimeUnit.SECONDS);
        }

        void close() {
            sip.close();
            loop.close();
        }
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.LogManager.getLogManager().reset();
        int setupCalls = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rateSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        // 1. Setup latency: sequential calls, INVITE to 200 (alice's call becomes ACTIVE), then hang up;
        //    unsigned and signed pairs alternate in rounds so both see the same machine.
        Side plainAlice = new Side("alice", false);
        Side plainBob = new Side("bob", false);
        plainAlice.start("alice", "bob", plainBob, false);
        plainBob.start("bob", "alice", plainAlice, false);
        Side alice = new Side("alice", true);
        Side bob = new Side("bob", true);
        alice.start("alice", "bob", bob, false);
        bob.start("bob", "alice", alice, false);
        for (int i = 0; i < 100; i++) {
            call(plainAlice, false); // warm-up
            call(alice, false);
        }
        long[] plain = new long[setupCalls];
        long[] latencies = new long[setupCalls];
        for (int i = 0; i < setupCalls; i++) {
            plain[i] = call(plainAlice, false);
            latencies[i] = call(alice, false);
        }
        plainAlice.close();
        plainBob.close();
        Arrays.sort(plain);
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "call setup         %d calls, unsigned, INVITE->200 p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                setupCalls, plain[setupCalls / 2] / 1e6, plain[(int) (setupCalls * 0.99)] / 1e6, plain[setupCalls - 1] / 1e6);
        System.out.printf(Locale.ROOT, "call setup         %d calls, signed,   INVITE->200 p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                setupCalls, latencies[setupCalls / 2] / 1e6, latencies[(int) (setupCalls * 0.99)] / 1e6,
                latencies[setupCalls - 1] / 1e6);
        long[] sign = new long[2000];
        long[] verify = new long[2000];
        io.peerswitch.endpoint.identity.PeerAuthenticator probe = new io.peerswitch.endpoint.identity.PeerAuthenticator(java.time.Clock.systemUTC());
        java.security.KeyPair probeKeys = io.peerswitch.wire.identity.EcKeys.generate();
        probe.configure(probeKeys.getPrivate(), io.peerswitch.wire.identity.LocationCredential.issue(AUTHORITY.getPrivate(), "alice",
                "probe", (java.security.interfaces.ECPublicKey) probeKeys.getPublic(), Instant.now().plus(Duration.ofHours(1))),
                AUTHORITY.getPublic());
        io.peerswitch.wire.sip.SipRequest sample = io.peerswitch.wire.sip.SipRequest.class.cast(((io.peerswitch.wire.sip.SipParseResult.Parsed)
                io.peerswitch.wire.sip.SipCodec.parse(SAMPLE, 0, SAMPLE.length)).message());
        for (int i = 0; i < sign.length; i++) {
            long t0 = System.nanoTime();
            io.peerswitch.wire.sip.SipRequest signed = probe.sign(sample.withHeader("Call-ID", "bench-" + i));
            long t1 = System.nanoTime();
            probe.verify(signed);
            verify[i] = System.nanoTime() - t1;
            sign[i] = t1 - t0;
        }
        Arrays.sort(sign);
        Arrays.sort(verify);
        System.out.printf(Locale.ROOT, "signature          per message: sign p50 %.3f ms, verify p50 %.3f ms (ES256, JDK provider)%n",
                sign[sign.length / 2] / 1e6, verify[verify.length / 2] / 1e6);

        // 2. Calls per second: 32 concurrent callers, each setting up and tearing down calls.
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long cpu0 = cpu();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(rateSeconds);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        call(alice, false);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        double cps = done.get() / (double) rateSeconds;
        System.out.printf(Locale.ROOT, "call rate          %.0f calls/s sustained (INVITE/180/200/ACK/BYE/200, no media), %d failed, "
                        + "CPU %.2f ms per call (both endpoints)%n",
                cps, failed.get(), (cpu() - cpu0) / 1e6 / Math.max(1, done.get()));
        alice.close();
        bob.close();

        // 3. Concurrent calls with media: steps of calls held up while G.711 flows both ways; a plain pair
        //    (RTP, unsigned, as before identities) and the product's pair (signed, DTLS-SRTP), one after the other.
        int[] steps = {10, 50, 100, 200};
        for (boolean secure : new boolean[] {false, true}) {
            Side a = new Side("alice", secure, secure);
            Side b = new Side("bob", secure, secure);
            a.start("alice", "bob", b, true);
            b.start("bob", "alice", a, true);
            String kind = secure ? "SRTP" : "RTP ";
            List<String> up = new ArrayList<>();
            List<Long> keying = new ArrayList<>();
            for (int target : steps) {
                while (up.size() < target) {
                    String id = a.onLoop(() -> a.calls.dial("bob").join());
                    a.active.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
                    long activeAt = System.nanoTime();
                    if (secure) {
                        // DTLS-SRTP: until both directions have keys, nothing is sent; time from ACTIVE to keys.
                        while (!a.onLoop(() -> a.calls.call(id).orElseThrow().stats().encrypted())) {
                            if (System.nanoTime() - activeAt > TimeUnit.SECONDS.toNanos(15)) {
                                throw new IllegalStateException("call " + id + " got no SRTP keys");
                            }
                            Thread.sleep(1);
                        }
                        keying.add(System.nanoTime() - activeAt);
                    }
                    up.add(id);
                }
                Thread.sleep(1000);
                long before = cpu();
                long packetsBefore = received(a, up);
                long t0 = System.nanoTime();
                Thread.sleep(5000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long packets = received(a, up) - packetsBefore;
                double expected = up.size() * 50 * seconds;
                double cpuPerCall = (cpu() - before) / 1e6 / seconds / up.size();
                System.out.printf(Locale.ROOT, "concurrent calls   %3d with media, %s: %.1f%% of expected packets arrived, "
                                + "CPU %.2f ms per call-second (both ends, %.1f%% of one core per call)%n",
                        up.size(), kind, 100 * packets / expected, cpuPerCall, cpuPerCall / 10);
            }
            if (secure) {
                long[] k = keying.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "DTLS-SRTP keys     %d calls, ACTIVE->keys p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                                + "(handshakes while the earlier calls' media flowed)%n",
                        k.length, k[k.length / 2] / 1e6, k[(int) (k.length * 0.99)] / 1e6, k[k.length - 1] / 1e6);
            }
            for (String id : up) {
                a.loop.execute(() -> a.calls.hangup(id));
            }
            Thread.sleep(2000);
            a.close();
            b.close();
        }
        System.exit(0);
    }

    private static final byte[] SAMPLE = ("MESSAGE sip:bob@127.0.0.1:5062 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-bench;rport\r\nMax-Forwards: 70\r\n"
            + "From: <sip:alice@bench>;tag=a\r\nTo: <sip:bob@bench>\r\nCall-ID: bench\r\nCSeq: 1 MESSAGE\r\n"
            + "Contact: <sip:alice@127.0.0.1:5061>;ps-nat=no-nat\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static long received(Side side, List<String> ids) throws Exception {
        return side.onLoop(() -> ids.stream().mapToLong(id -> side.calls.call(id).orElseThrow().stats().packetsReceived()).sum());
    }

    /** One call: dial, wait for ACTIVE (the 200 arrived and was ACKed), hang up, wait for the end; returns setup nanos. */
    private static long call(Side caller, boolean media) throws Exception {
        long t0 = System.nanoTime();
        String id = caller.onLoop(() -> caller.calls.dial("bob").join());
        CallView view = caller.active.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        long setup = System.nanoTime() - t0;
        if (view.state() != CallState.ACTIVE) {
            throw new IllegalStateException("call " + id + " " + view.endReason());
        }
        caller.loop.execute(() -> caller.calls.hangup(id));
        caller.ended.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
        caller.loop.execute(() -> caller.calls.forgetEnded());
        caller.active.remove(id);
        caller.ended.remove(id);
        return setup;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
