package io.peerswitch.endpoint.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.call.MediaChannel;
import io.peerswitch.endpoint.config.EndpointConfig.AudioSpec;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.media.session.RtpMediaChannel;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.presence.PresenceControl;
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
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input at a running endpoint (JAIN-SIP, our parser in front of it, the whole softswitch): every RFC
 * 4475 torture message sent over UDP gets the answer that RFC expects of a user agent (never one for
 * ACK or a response), random garbage is dropped, garbage RTP is counted and ignored, and afterwards the
 * endpoint still takes a call from a buddy.
 */
class TortureOverUdpTest {

    /** What each torture message gets from an endpoint whose only buddy is "bob" (none of the senders is). */
    private static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("wsinv.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("intmeth.dat", "501"),        // unknown method
            Map.entry("esc01.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("escnull.dat", "405"),        // REGISTER: not a registrar
            Map.entry("esc02.dat", "501"),          // RE%47IST%45R is an unknown method
            Map.entry("lwsdisp.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("longreq.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("dblreq.dat", "405"),         // REGISTER, trailing bytes ignored
            Map.entry("semiuri.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("transports.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("mpart01.dat", "415"),        // MESSAGE with a multipart body
            Map.entry("unreason.dat", "none"),      // a response: never answered
            Map.entry("noreason.dat", "none"),
            Map.entry("badinv01.dat", "400"),
            Map.entry("clerr.dat", "400"),
            Map.entry("ncl.dat", "400"),
            Map.entry("scalar02.dat", "400"),
            Map.entry("scalarlg.dat", "none"),
            Map.entry("quotbal.dat", "400"),
            Map.entry("ltgtruri.dat", "400"),
            Map.entry("lwsruri.dat", "400"),
            Map.entry("lwsstart.dat", "400"),
            Map.entry("trws.dat", "400"),
            Map.entry("escruri.dat", "400"),
            Map.entry("baddate.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("regbadct.dat", "400"),
            Map.entry("badaspec.dat", "400"),
            Map.entry("baddn.dat", "400"),
            Map.entry("badvers.dat", "505"),
            Map.entry("mismatch01.dat", "400"),
            Map.entry("mismatch02.dat", "501"),
            Map.entry("bigcode.dat", "none"),
            Map.entry("badbranch.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("insuf.dat", "400"),
            Map.entry("unkscm.dat", "416"),
            Map.entry("novelsc.dat", "416"),
            Map.entry("unksm2.dat", "405"),         // REGISTER
            Map.entry("bext01.dat", "420"),
            Map.entry("invut.dat", "415"),
            Map.entry("regaut01.dat", "405"),       // REGISTER
            Map.entry("multi01.dat", "400"),
            Map.entry("mcl01.dat", "400"),
            Map.entry("bcast.dat", "none"),         // a response
            Map.entry("zeromf.dat", "428"),   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims
            Map.entry("cparam01.dat", "405"),
            Map.entry("cparam02.dat", "405"),
            Map.entry("regescrt.dat", "405"),
            Map.entry("sdp01.dat", "406"),
            Map.entry("inv2543.dat", "428")));   // valid, but unsigned (RFC 8224 section 6.2.2): the same answer whatever it claims

    private final ThreadEventLoop loop = new ThreadEventLoop("torture");
    private final LinkedBlockingQueue<CallView> events = new LinkedBlockingQueue<>();
    private JainSipTransport sip;
    private final io.peerswitch.endpoint.identity.TestAuthority authority = new io.peerswitch.endpoint.identity.TestAuthority();
    private CallControl calls;
    private volatile int mediaPort;

    private <T> T onLoop(Supplier<T> work) throws Exception {
        return loop.submit(work).get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void endpoint() throws Exception {
        sip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), loop, d -> { });
        sip.setAuthenticator(authority.authenticator("alice", "a", java.time.Clock.systemUTC()));
        LocalParty me = new LocalParty("alice", null, "example.com", sip.localAddress(), "UDP");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        MediaChannel.Factory media = id -> {
            RtpMediaChannel channel = RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback,
                    new AudioSpec.Tone(440), new AudioSpec.None(), id, "alice@127.0.0.1");
            mediaPort = channel.port();
            return channel;
        };
        calls = onLoop(() -> {
            PeerControl peers = new PeerControl();
            peers.load(new Profile("alice", "alice", "alice@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                    List.of(new Buddy("bob", "bob", RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
            RoutingTable routing = new RoutingTable();
            SignalingAgent agent = new SignalingAgent(sip, loop, peers::isAcceptedBuddy);
            new PresenceControl(agent, routing, peers, () -> me, Duration.ofSeconds(5));
            new ImControl(agent, routing, peers, () -> me);
            return new CallControl(agent, routing, peers, () -> me, media,
                    new CallControl.Settings(true, Duration.ofSeconds(10), () -> false, 8), events::add);
        });
    }

    @AfterEach
    void stop() {
        sip.close();
        loop.close();
    }

    private static String callId(byte[] message) {
        Matcher m = Pattern.compile("(?im)^(?:Call-ID|i)[ \\t]*:[ \\t]*(\\S+)").matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "";
    }

    /** The port answers go to (RFC 3261 section 18.2.2): the top Via's, else 5060. */
    private static int viaPort(byte[] message) {
        Matcher m = Pattern.compile("(?im)^(?:Via|v)[ \\t]*:[ \\t]*SIP[ \\t]*/[ \\t]*2\\.0[ \\t]*/[ \\t]*\\S+[ \\t]+[^;:,\\s]+:(\\d+)")
                .matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? Integer.parseInt(m.group(1)) : 5060;
    }

    @Test
    void everyTortureMessageGetsTheAnswerRfc4475ExpectsAndTheEndpointCarriesOn() throws Exception {
        Map<String, String> answered = new LinkedHashMap<>();
        // Responses go where the torture messages' Vias say: port 5060 at the source address.
        Map<Integer, DatagramSocket> probes = new LinkedHashMap<>();
        try {
            try (var files = Files.list(Path.of("../wire/src/test/resources/rfc4475"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".dat")).sorted().toList()) {
                    byte[] message = Files.readAllBytes(file);
                    int viaPort = viaPort(message);
                    DatagramSocket probe = probes.get(viaPort);
                    if (probe == null) {
                        probe = new DatagramSocket(new InetSocketAddress("127.0.0.2", viaPort));
                        probe.setSoTimeout(300);
                        probes.put(viaPort, probe);
                    }
                    probe.send(new DatagramPacket(message, message.length, sip.localAddress()));
                    String id = callId(message);
                    String status = "none";
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                    while (System.nanoTime() < end && status.equals("none")) {
                        byte[] buffer = new byte[65_535];
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        try {
                            probe.receive(packet);
                        } catch (SocketTimeoutException e) {
                            if (EXPECTED.get(file.getFileName().toString()).equals("none")) {
                                break;
                            }
                            continue;
                        }
                        // Read raw: an answer to a malformed request repeats its malformed header fields.
                        byte[] answer = java.util.Arrays.copyOf(buffer, packet.getLength());
                        Matcher statusLine = Pattern.compile("^SIP/2\\.0 (\\d{3}) ").matcher(new String(answer, StandardCharsets.ISO_8859_1));
                        if (statusLine.find() && Integer.parseInt(statusLine.group(1)) >= 200
                                && (id.isEmpty() || id.equals(callId(answer)))) {
                            status = statusLine.group(1);
                        }
                    }
                    answered.put(file.getFileName().toString(), status);
                }
            }
        } finally {
            probes.values().forEach(DatagramSocket::close);
        }
        assertThat(new TreeMap<>(answered)).isEqualTo(EXPECTED);

        // Random garbage of every size, and SIP-looking garbage: all dropped.
        Random random = new Random(4475);
        try (DatagramSocket noise = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 2000; i++) {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    System.arraycopy("INVITE ".getBytes(StandardCharsets.US_ASCII), 0, junk, 0, Math.min(7, junk.length));
                }
                noise.send(new DatagramPacket(junk, junk.length, sip.localAddress()));
            }
        }

        // The endpoint still serves its buddy: bob calls, alice auto-answers, media flows despite garbage RTP.
        ThreadEventLoop bobLoop = new ThreadEventLoop("bob");
        try (JainSipTransport bobSip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), bobLoop, d -> { })) {
            bobSip.setAuthenticator(authority.authenticator("bob", "b", java.time.Clock.systemUTC()));
            LinkedBlockingQueue<CallView> bobEvents = new LinkedBlockingQueue<>();
            LocalParty bob = new LocalParty("bob", null, "example.com", bobSip.localAddress(), "UDP");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            CompletableFuture<CallControl> bobCalls = new CompletableFuture<>();
            bobLoop.execute(() -> {
                PeerControl peers = new PeerControl();
                peers.load(new Profile("bob", "bob", "bob@example.com", PresenceStatus.AVAILABLE, null, List.of(),
                        List.of(new Buddy("alice", "alice", RelationState.ACCEPTED, true, PresenceStatus.AVAILABLE))));
                RoutingTable routing = new RoutingTable();
                routing.load(List.of(new RoutingEntry("alice", "a", TransportAddress.of(sip.localAddress()), null,
                        NatType.NO_NAT, Instant.now(), null)));
                bobCalls.complete(new CallControl(new SignalingAgent(bobSip, bobLoop, peers::isAcceptedBuddy), routing,
                        peers, () -> bob, id -> RtpMediaChannel.open(loopback, new PortRange(0, 0), loopback,
                        new AudioSpec.Tone(1000), new AudioSpec.None(), id, "bob@127.0.0.1"),
                        new CallControl.Settings(false, Duration.ofSeconds(10), () -> false, 8), bobEvents::add));
            });
            CallControl bobControl = bobCalls.get(10, TimeUnit.SECONDS);
            CompletableFuture<String> dialed = new CompletableFuture<>();
            bobLoop.execute(() -> dialed.complete(bobControl.dial("alice").join()));
            String id = dialed.get(10, TimeUnit.SECONDS);
            CallView active = poll(events, CallState.ACTIVE);
            List<Long> received = new ArrayList<>();
            try (DatagramSocket noise = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                int port = mediaPort;
                for (int i = 0; i < 500; i++) {
                    byte[] junk = new byte[12 + random.nextInt(200)];
                    random.nextBytes(junk);
                    noise.send(new DatagramPacket(junk, junk.length, new InetSocketAddress("127.0.0.1", port)));
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                long n = onLoop(() -> calls.call(active.id()).orElseThrow().stats().packetsReceived());
                received.add(n);
                if (n > 100) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(received.getLast()).isGreaterThan(100);
            assertThat(onLoop(() -> calls.call(active.id()).orElseThrow().stats().malformed())).isPositive();
            bobLoop.execute(() -> bobControl.hangup(id));
            assertThat(poll(events, CallState.ENDED).heardHertz()).isEqualTo(1000.0);
        } finally {
            bobLoop.close();
        }
    }


    private static CallView poll(LinkedBlockingQueue<CallView> events, CallState state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            CallView v = events.poll(100, TimeUnit.MILLISECONDS);
            if (v != null && v.state() == state) {
                return v;
            }
        }
        throw new AssertionError("no call became " + state);
    }
}
