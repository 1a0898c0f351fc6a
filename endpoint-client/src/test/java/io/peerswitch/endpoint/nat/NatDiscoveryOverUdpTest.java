package io.peerswitch.endpoint.nat;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.sip.jain.Datagram;
import io.peerswitch.reflector.stun.StunAddresses;
import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.nat.NatType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Discovery over real UDP against the reflector's STUN server on two loopback addresses: no NAT here. */
@Timeout(30)
class NatDiscoveryOverUdpTest {

    private static int freePort(InetAddress address) throws Exception {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    @Test
    void loopbackIsNoNatAndEveryTestIsAnswered() throws Exception {
        InetAddress a1 = InetAddress.getByName("127.0.0.1");
        InetAddress a2 = InetAddress.getByName("127.0.0.2");
        StunAddresses addresses = new StunAddresses(new InetSocketAddress(a1, freePort(a1)),
                Optional.of(new InetSocketAddress(a2, freePort(a2))));
        try (StunServer server = StunServer.start(addresses);
             ThreadEventLoop loop = new ThreadEventLoop("nat-test");
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(a1, 0))) {
            StunClient client = new StunClient(socket, loop);
            Thread reader = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[2048];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketException e) {
                        return;
                    } catch (java.io.IOException e) {
                        continue;
                    }
                    client.onDatagram(new Datagram(Arrays.copyOf(packet.getData(), packet.getLength()),
                            (InetSocketAddress) packet.getSocketAddress()));
                }
            });

            NatDiscovery.Result result = new NatDiscovery(NatDiscovery.over(client), socket.getLocalSocketAddress()::equals,
                    Duration.ofSeconds(5), Duration.ofSeconds(2)).discover(server.localAddress()).get(20, TimeUnit.SECONDS);

            assertThat(result.type()).as(result.reason()).isEqualTo(NatType.NO_NAT);
            assertThat(result.publicAddress()).isEqualTo(socket.getLocalSocketAddress());
            assertThat(server.counters().changed()).as("test II and III were answered from the other sockets").isEqualTo(2);
            socket.close();
            reader.join();
        }
    }
}
