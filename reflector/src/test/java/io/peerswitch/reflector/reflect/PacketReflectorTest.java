package io.peerswitch.reflector.reflect;

import static io.peerswitch.reflector.reflect.Packets.FORGED_KEY;
import static io.peerswitch.reflector.reflect.Packets.KEY;
import static io.peerswitch.reflector.reflect.Packets.KEYS;
import static io.peerswitch.reflector.reflect.Packets.bytes;
import static io.peerswitch.reflector.reflect.Packets.ip;
import static io.peerswitch.reflector.reflect.Packets.packet;
import static io.peerswitch.reflector.reflect.Packets.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.reflector.stun.StunAddresses;
import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.reflector.ReflectorKeys;
import io.peerswitch.wire.reflector.ReflectorToken;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reflector on the STUN server's real UDP socket on 127.0.0.1 (and 127.0.0.2), an endpoint's socket
 * sending to it and a peer's socket (the sink) receiving what it reflects; time is the test's clock.
 * Whether something was dropped is seen without waiting: a good packet follows each bad one, and the first
 * thing the sink receives must be the good one's payload.
 */
@Timeout(30)
class PacketReflectorTest {

    private static final int RECEIVE_TIMEOUT_MILLIS = 5_000;
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final InetAddress LOOPBACK_1 = ip("127.0.0.1");
    private static final InetAddress LOOPBACK_2 = ip("127.0.0.2");

    private final TestClock clock = new TestClock(NOW);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private StunServer server;
    private PacketReflector reflector;
    private DatagramSocket endpoint;
    private DatagramSocket sink;
    private ReflectorToken.Issued token;
    private int payloads;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private void start(StunAddresses addresses, Optional<ReflectorKeys> keys, Clock time, RateLimiter rates) throws IOException {
        reflector = new PacketReflector(new ReflectionHandler(keys, time, new ReplayFilter(), rates));
        server = StunServer.start(addresses, reflector);
        closing.add(server);
        endpoint = socket(LOOPBACK_1);
        sink = socket(LOOPBACK_1);
        token = token(KEY, LOOPBACK_1, NOW);
    }

    private void start() throws IOException {
        start(StunAddresses.single(new InetSocketAddress(LOOPBACK_1, 0)), Optional.of(KEYS), clock, new RateLimiter());
    }

    private DatagramSocket socket(InetAddress address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
        closing.add(socket);
        return socket;
    }

    private static void send(DatagramSocket from, byte[] datagram, SocketAddress to) throws IOException {
        from.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** A payload no other packet of this test has. */
    private byte[] payload() {
        return ("MESSAGE sip:bob@peerswitch.example SIP/2.0 #" + ++payloads).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private byte[] toSink(byte[] payload) {
        return packet(token, clock.instant(), server.localAddress(), (InetSocketAddress) sink.getLocalSocketAddress(), payload);
    }

    /** The next datagram at the sink: its bytes, checked to come from {@code expectedSource}. */
    private byte[] received(InetSocketAddress expectedSource) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        sink.receive(packet);
        assertThat(packet.getSocketAddress()).as("reflected from the socket the packet asked for").isEqualTo(expectedSource);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Sends a good packet and checks it is the next thing the sink gets, so everything before it was dropped. */
    private void assertStillForwarding() throws IOException {
        byte[] payload = payload();
        send(endpoint, toSink(payload), server.localAddress());
        assertThat(received(server.localAddress())).isEqualTo(payload);
    }

    /**
     * Returns once the server has handled everything the endpoint sent before: one thread reads the socket in
     * order, so when a STUN Binding request sent after it is answered, all of it was handled.
     */
    private void awaitHandled() throws IOException {
        TransactionId id = TransactionId.random();
        send(endpoint, StunCodec.encode(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id, List.of())), server.localAddress());
        DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
        endpoint.receive(answer);
        StunMessage response = ((StunDecodeResult.Decoded) StunCodec.decode(Arrays.copyOf(answer.getData(), answer.getLength()))).message();
        assertThat(response.transactionId()).isEqualTo(id);
    }

    @Test
    void forwardsThePayloadUntouchedFromTheStunSocket() throws IOException {
        start();
        byte[] payload = bytes(1_200, 3);

        send(endpoint, toSink(payload), server.localAddress());

        assertThat(received(server.localAddress())).isEqualTo(payload);
        assertThat(reflector.counters().forwarded()).isEqualTo(1);
        assertThat(reflector.counters().received()).isEqualTo(1);
        assertThat(server.counters().received()).as("not STUN's").isZero();
    }

    /** A bad packet, made by the test for the server it started. */
    private record Bad(Function<PacketReflectorTest, byte[]> make, DropReason reason) {
    }

    static Stream<Arguments> badPackets() {
        return Stream.of(
                bad("a token forged without our secret", DropReason.UNAUTHENTICATED, t -> packet(token(FORGED_KEY, LOOPBACK_1, NOW), NOW,
                        t.server.localAddress(), (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("a changed payload", DropReason.UNAUTHENTICATED, t -> {
                    byte[] datagram = t.toSink(t.payload());
                    datagram[datagram.length - 1] ^= 0x20;
                    return datagram;
                }),
                bad("an expired token", DropReason.EXPIRED, t -> packet(ReflectorToken.issue(KEY, LOOPBACK_1, NOW.minusSeconds(1), new SecureRandom()),
                        NOW, t.server.localAddress(), (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("a token bound to 127.0.0.2 sent from 127.0.0.1", DropReason.WRONG_SOURCE, t -> packet(token(KEY, LOOPBACK_2, NOW), NOW,
                        t.server.localAddress(), (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("a timestamp a minute old", DropReason.STALE, t -> packet(t.token, NOW.minusSeconds(60), t.server.localAddress(),
                        (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("1,501 bytes", DropReason.OVERSIZED, t -> Arrays.copyOf(t.toSink(t.payload()), 1_501)),
                bad("a packet cut short", DropReason.MALFORMED, t -> Arrays.copyOf(t.toSink(t.payload()), 40)),
                bad("garbage after the marker", DropReason.MALFORMED, t -> {
                    byte[] garbage = bytes(300, 8);
                    garbage[0] = (byte) 0xE5;
                    return garbage;
                }),
                bad("the marker alone", DropReason.MALFORMED, t -> new byte[] {(byte) 0xE5}),
                bad("the reflector itself as destination", DropReason.BAD_DESTINATION, t -> packet(t.token, NOW, t.server.localAddress(),
                        t.server.localAddress(), t.payload())),
                bad("a multicast destination", DropReason.BAD_DESTINATION, t -> packet(t.token, NOW, t.server.localAddress(),
                        new InetSocketAddress(ip("224.0.0.1"), 5060), t.payload())),
                bad("a third party as destination: the reach token is another's (127.0.0.2)", DropReason.FORBIDDEN_DESTINATION,
                        t -> packet(t.token, Packets.reach(KEY, LOOPBACK_2, NOW), NOW, t.server.localAddress(),
                                (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("a third party as destination: its send token passed as a reach token", DropReason.FORBIDDEN_DESTINATION,
                        t -> packet(t.token, token(KEY, ((InetSocketAddress) t.sink.getLocalSocketAddress()).getAddress(), NOW).token().encoded(),
                                NOW, t.server.localAddress(), (InetSocketAddress) t.sink.getLocalSocketAddress(), t.payload())),
                bad("a present-as that is not ours", DropReason.BAD_PRESENT_AS, t -> packet(t.token, NOW,
                        new InetSocketAddress(LOOPBACK_2, t.server.localAddress().getPort()), (InetSocketAddress) t.sink.getLocalSocketAddress(),
                        t.payload())));
    }

    private static Arguments bad(String name, DropReason reason, Function<PacketReflectorTest, byte[]> make) {
        return Arguments.of(Named.of(name, new Bad(make, reason)));
    }

    @ParameterizedTest
    @MethodSource("badPackets")
    void dropsABadPacketCountsWhyAndKeepsForwarding(Bad bad) throws IOException {
        start();

        send(endpoint, bad.make().apply(this), server.localAddress());
        assertStillForwarding();

        ReflectionCounters counters = reflector.counters();
        assertThat(counters.dropped(bad.reason())).isEqualTo(1);
        assertThat(counters.dropped()).isEqualTo(1);
        assertThat(counters.forwarded()).isEqualTo(1);
        assertThat(counters.received()).isEqualTo(2);
        assertThat(counters.failed()).isZero();
    }

    @Test
    void dropsTheSecondCopyOfADatagram() throws IOException {
        start();
        byte[] payload = payload();
        byte[] datagram = toSink(payload);

        send(endpoint, datagram, server.localAddress());
        assertThat(received(server.localAddress())).isEqualTo(payload);
        send(endpoint, datagram, server.localAddress());
        assertStillForwarding();

        assertThat(reflector.counters().dropped(DropReason.REPLAYED)).isEqualTo(1);
        assertThat(reflector.counters()).hasToString("received=3 forwarded=2 oversized=0 malformed=0 unauthenticated=0 expired=0 "
                + "wrong-source=0 stale=0 replayed=1 bad-destination=0 forbidden-destination=0 bad-present-as=0 rate-limited=0 failed=0");
    }

    @Test
    void acceptsATokenBoundTo127002FromThere() throws IOException {
        start();
        DatagramSocket second = socket(LOOPBACK_2);
        byte[] payload = payload();

        send(second, packet(token(KEY, LOOPBACK_2, NOW), NOW, server.localAddress(), (InetSocketAddress) sink.getLocalSocketAddress(), payload),
                server.localAddress());

        assertThat(received(server.localAddress())).isEqualTo(payload);
    }

    @Test
    void dropsWhatIsOverTheSourcesRateUntilTimeRefillsIt() throws IOException {
        start(StunAddresses.single(new InetSocketAddress(LOOPBACK_1, 0)), Optional.of(KEYS), clock, new RateLimiter(1, 2, 1_024, 1));
        byte[] first = payload();
        byte[] second = payload();

        send(endpoint, toSink(first), server.localAddress());
        send(endpoint, toSink(second), server.localAddress());
        send(endpoint, toSink(payload()), server.localAddress());
        awaitHandled();
        clock.advance(Duration.ofSeconds(1));
        assertThat(received(server.localAddress())).isEqualTo(first);
        assertThat(received(server.localAddress())).isEqualTo(second);
        assertStillForwarding();

        assertThat(reflector.counters().dropped(DropReason.RATE_LIMITED)).isEqualTo(1);
        assertThat(reflector.counters().forwarded()).isEqualTo(3);
    }

    @Test
    void stillAnswersStunOnTheSameSocket() throws IOException {
        start();
        TransactionId id = TransactionId.random();
        byte[] request = StunCodec.encode(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id, List.of()));

        send(endpoint, toSink(payload()), server.localAddress());
        send(endpoint, request, server.localAddress());
        DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
        endpoint.receive(answer);

        StunMessage response = ((StunDecodeResult.Decoded) StunCodec.decode(Arrays.copyOf(answer.getData(), answer.getLength()))).message();
        assertThat(response.transactionId()).isEqualTo(id);
        assertThat(response.attribute(XorMappedAddress.class).orElseThrow().address()).isEqualTo(endpoint.getLocalSocketAddress());
        assertThat(received(server.localAddress())).hasSizeGreaterThan(0);
        assertThat(server.counters().received()).isEqualTo(1);
        assertThat(server.counters().answered()).isEqualTo(1);
        assertThat(reflector.counters().forwarded()).isEqualTo(1);
    }

    @Test
    void withAnAlternateAddressItSendsFromTheSocketThePacketNames() throws IOException {
        int p1 = freePort(LOOPBACK_1);
        int p2 = freePort(LOOPBACK_2);
        start(new StunAddresses(new InetSocketAddress(LOOPBACK_1, p1), Optional.of(new InetSocketAddress(LOOPBACK_2, p2))),
                Optional.of(KEYS), clock, new RateLimiter());
        InetSocketAddress to = (InetSocketAddress) sink.getLocalSocketAddress();

        for (InetSocketAddress presentAs : List.of(new InetSocketAddress(LOOPBACK_2, p2), new InetSocketAddress(LOOPBACK_1, p2),
                new InetSocketAddress(LOOPBACK_2, p1), new InetSocketAddress(LOOPBACK_1, p1))) {
            byte[] payload = payload();
            send(endpoint, packet(token, NOW, presentAs, to, payload), server.localAddress());
            assertThat(received(presentAs)).as("shown as %s", presentAs).isEqualTo(payload);
        }
        assertThat(reflector.counters().forwarded()).isEqualTo(4);
    }

    @Test
    void withoutKeysItDropsEveryPacketAsUnauthenticatedAndStillAnswersStun() throws IOException {
        start(StunAddresses.single(new InetSocketAddress(LOOPBACK_1, 0)), Optional.empty(), clock, new RateLimiter());

        send(endpoint, toSink(payload()), server.localAddress());
        awaitHandled();

        assertThat(reflector.counters().dropped(DropReason.UNAUTHENTICATED)).isEqualTo(1);
        assertThat(reflector.counters().forwarded()).isZero();
    }

    @Test
    void aFailureInsideCostsOnePacketNotTheService() throws IOException {
        Clock failingOnce = new Clock() {
            private boolean failed;

            @Override
            public Instant instant() {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("a bug, for the test");
                }
                return clock.instant();
            }

            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
        start(StunAddresses.single(new InetSocketAddress(LOOPBACK_1, 0)), Optional.of(KEYS), failingOnce, new RateLimiter());
        Logger log = Logger.getLogger(PacketReflector.class.getName());
        Level level = log.getLevel();
        log.setLevel(Level.OFF);
        try {
            send(endpoint, toSink(payload()), server.localAddress());
            assertStillForwarding();
        } finally {
            log.setLevel(level);
        }

        assertThat(reflector.counters().failed()).isEqualTo(1);
        assertThat(reflector.counters().forwarded()).isEqualTo(1);
    }

    private static int freePort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }
}
