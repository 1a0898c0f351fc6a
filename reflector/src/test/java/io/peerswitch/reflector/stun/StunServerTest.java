package io.peerswitch.reflector.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.wire.stun.ErrorCode;
import io.peerswitch.wire.stun.Fingerprint;
import io.peerswitch.wire.stun.Software;
import io.peerswitch.wire.stun.StunClass;
import io.peerswitch.wire.stun.StunCodec;
import io.peerswitch.wire.stun.StunDecodeResult;
import io.peerswitch.wire.stun.StunMessage;
import io.peerswitch.wire.stun.StunMethod;
import io.peerswitch.wire.stun.TransactionId;
import io.peerswitch.wire.stun.UnknownAttribute;
import io.peerswitch.wire.stun.UnknownAttributes;
import io.peerswitch.wire.stun.XorMappedAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server over real UDP sockets on 127.0.0.1, each test with a server and a client on ports the system picks. */
@Timeout(30)
class StunServerTest {

    private static final int RECEIVE_TIMEOUT_MILLIS = 5_000;

    private StunServer server;
    private DatagramSocket client;

    @BeforeEach
    void start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = StunServer.start(new InetSocketAddress(loopback, 0));
        client = new DatagramSocket(new InetSocketAddress(loopback, 0));
        client.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
    }

    /** Closes the server a second time in {@link #closingStopsAnsweringAndFreesThePort()}, which must do nothing. */
    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void send(byte[] datagram) throws IOException {
        client.send(new DatagramPacket(datagram, datagram.length, server.localAddress()));
    }

    /** The next datagram from the server, checked to carry a valid FINGERPRINT, decoded. */
    private StunMessage receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        client.receive(packet);
        assertThat(packet.getSocketAddress()).as("responses come from the address requests go to").isEqualTo(server.localAddress());
        byte[] raw = Arrays.copyOf(packet.getData(), packet.getLength());
        assertThat(StunCodec.verifyFingerprint(raw)).as("FINGERPRINT verifies").isTrue();
        return ((StunDecodeResult.Decoded) StunCodec.decode(raw)).message();
    }

    private static StunMessage bindingRequest(TransactionId id) {
        return new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id, List.of());
    }

    @Test
    void reportsTheAddressItIsBoundTo() {
        assertThat(server.localAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.localAddress().getPort()).isPositive();
    }

    @Test
    void answersABindingRequestWithTheClientsOwnAddress() throws IOException {
        TransactionId id = TransactionId.random();

        send(StunCodec.encode(bindingRequest(id)));
        StunMessage response = receive();

        assertThat(response.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(response.method()).isEqualTo(StunMethod.BINDING);
        assertThat(response.transactionId()).isEqualTo(id);
        assertThat(response.attribute(XorMappedAddress.class).orElseThrow().address()).isEqualTo(client.getLocalSocketAddress());
        assertThat(response.attribute(Software.class)).contains(new Software("Peerswitch reflector"));
        assertThat(response.attribute(Fingerprint.class)).isPresent();
        assertThat(server.counters().answered()).isEqualTo(1);
    }

    @Test
    void answersARequestThatCarriesAFingerprint() throws IOException {
        TransactionId id = TransactionId.random();

        send(StunCodec.encodeWithFingerprint(bindingRequest(id)));

        assertThat(receive().transactionId()).isEqualTo(id);
    }

    @Test
    void dropsAndCountsWhatIsNotABindingRequestAndKeepsAnswering() throws IOException {
        byte[] oversized = new byte[StunCodec.MAX_MESSAGE_SIZE + 100];
        new Random(7).nextBytes(oversized);
        TransactionId id = TransactionId.random();

        send("INVITE sip:bob@peerswitch.example SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        send(new byte[0]);
        send(Arrays.copyOf(StunCodec.encode(bindingRequest(id)), 19));
        send(oversized);
        send(StunCodec.encode(new StunMessage(StunClass.INDICATION, StunMethod.BINDING, TransactionId.random(), List.of())));
        send(StunCodec.encode(new StunMessage(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TransactionId.random(), List.of())));
        send(StunCodec.encode(bindingRequest(id)));

        assertThat(receive().transactionId()).as("the first answer is to the last datagram").isEqualTo(id);
        StunServerCounters counters = server.counters();
        assertThat(counters.received()).isEqualTo(7);
        assertThat(counters.malformed()).isEqualTo(3);
        assertThat(counters.oversized()).isEqualTo(1);
        assertThat(counters.ignored()).isEqualTo(2);
        assertThat(counters.answered()).isEqualTo(1);
        assertThat(counters.rejected()).isZero();
        assertThat(counters.failed()).isZero();
        assertThat(counters).hasToString("received=7 answered=1 rejected=0 changed=0 malformed=3 oversized=1 ignored=2 failed=0");
    }

    @Test
    void answersUnknownComprehensionRequiredAttributesWith420() throws IOException {
        TransactionId id = TransactionId.random();
        StunMessage request = new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id,
                List.of(new UnknownAttribute(0x7ABC, new byte[] {1, 2, 3})));

        send(StunCodec.encode(request));
        StunMessage response = receive();

        assertThat(response.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(response.transactionId()).isEqualTo(id);
        assertThat(response.attribute(ErrorCode.class)).contains(new ErrorCode(420, "Unknown Attribute"));
        assertThat(response.attribute(UnknownAttributes.class)).contains(new UnknownAttributes(List.of(0x7ABC)));
        assertThat(server.counters().rejected()).isEqualTo(1);
    }

    @Test
    void closingStopsAnsweringAndFreesThePort() throws Exception {
        InetSocketAddress address = server.localAddress();

        server.close();
        server.awaitTermination();
        client.setSoTimeout(300);
        send(StunCodec.encode(bindingRequest(TransactionId.random())));

        assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[2048], 2048)))
                .isInstanceOf(SocketTimeoutException.class);
        try (DatagramSocket rebound = new DatagramSocket(address)) {
            assertThat(rebound.getLocalSocketAddress()).isEqualTo(address);
        }
    }

    private static int freePort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    @Test
    void withAnAlternateAddressItAnswersFromTheSocketEachChangeRequestAsksFor() throws Exception {
        InetAddress a1 = InetAddress.getByName("127.0.0.1");
        InetAddress a2 = InetAddress.getByName("127.0.0.2");
        int p1 = freePort(a1);
        int p2 = freePort(a2);
        StunAddresses addresses = new StunAddresses(new InetSocketAddress(a1, p1), java.util.Optional.of(new InetSocketAddress(a2, p2)));
        try (StunServer discovery = StunServer.start(addresses)) {
            for (boolean changeIp : new boolean[] {false, true}) {
                for (boolean changePort : new boolean[] {false, true}) {
                    TransactionId id = TransactionId.random();
                    byte[] request = StunCodec.encode(new StunMessage(StunClass.REQUEST, StunMethod.BINDING, id,
                            List.of(new io.peerswitch.wire.stun.ChangeRequest(changeIp, changePort))));
                    client.send(new DatagramPacket(request, request.length, discovery.localAddress()));
                    DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                    client.receive(packet);
                    InetSocketAddress expected = new InetSocketAddress(changeIp ? a2 : a1, changePort ? p2 : p1);
                    assertThat(packet.getSocketAddress()).as("change ip %s, port %s", changeIp, changePort).isEqualTo(expected);
                    StunMessage response = ((StunDecodeResult.Decoded) StunCodec.decode(
                            Arrays.copyOf(packet.getData(), packet.getLength()))).message();
                    assertThat(response.transactionId()).isEqualTo(id);
                    assertThat(response.attribute(io.peerswitch.wire.stun.ResponseOrigin.class).orElseThrow().address()).isEqualTo(expected);
                    assertThat(response.attribute(io.peerswitch.wire.stun.OtherAddress.class).orElseThrow().address())
                            .isEqualTo(new InetSocketAddress(a2, p2));
                    assertThat(response.attribute(XorMappedAddress.class).orElseThrow().address()).isEqualTo(client.getLocalSocketAddress());
                }
            }
            assertThat(discovery.counters().answered()).isEqualTo(4);
            assertThat(discovery.counters().changed()).isEqualTo(3);
        }
    }

    @Test
    void nothingStaysBoundWhenOneOfTheFourSocketsCannotBind() throws Exception {
        InetAddress a1 = InetAddress.getByName("127.0.0.1");
        InetAddress a2 = InetAddress.getByName("127.0.0.2");
        int p1 = freePort(a1);
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(a2, p1))) {
            int p2 = freePort(a2);
            StunAddresses addresses = new StunAddresses(new InetSocketAddress(a1, p1), java.util.Optional.of(new InetSocketAddress(a2, p2)));
            assertThatThrownBy(() -> StunServer.start(addresses)).isInstanceOf(IOException.class);
            try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress(a1, p1))) {
                assertThat(rebound.getLocalPort()).isEqualTo(p1);
            }
        }
    }
}
