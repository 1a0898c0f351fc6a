package io.peerswitch.endpoint.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.sdp.Direction;
import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.wire.nat.TransportAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RTP Bleed (issue 12) at a media session on real sockets: what was sprayed at a port bound ahead of a call
 * is thrown away when the call starts, and once media flows from the negotiated address no other source
 * is heard or moves the path.
 */
class MediaPathAttackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static byte[] rtp(int sequence) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[1] = 0; // PCMU
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[11] = 7; // SSRC
        return packet;
    }

    @Test
    void aPortSprayedAheadOfTheCallStartsCleanAndOnlyTheNegotiatedPeerIsHeard() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        try (DatagramSocket sprayer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            RtpMediaSession session = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "test@127.0.0.1");
            try {
                InetSocketAddress port = new InetSocketAddress(LOOPBACK, session.rtpPort());
                for (int i = 0; i < 20; i++) {
                    sprayer.send(new DatagramPacket(rtp(i), 172, port));
                }
                // Loopback delivers into the socket's queue within send(): all 20 wait there now.
                NegotiatedMedia media = new NegotiatedMedia(TransportAddress.of((InetSocketAddress) peer.getLocalSocketAddress()),
                        new TransportAddress("127.0.0.1", peer.getLocalPort() + 1), AudioCodec.forPayloadType(0).orElseThrow(), 0,
                        OptionalInt.empty(), Direction.SENDRECV, 20);
                session.start(media, new AudioSource() {
                    @Override
                    public short[] next(int samples) {
                        return new short[samples];
                    }

                    @Override
                    public void close() {
                    }
                }, new AudioSink() {
                    @Override
                    public void write(short[] samples) {
                        frames.incrementAndGet();
                    }

                    @Override
                    public void close() {
                    }
                }, digit -> { });
                assertThat(session.staleDropped()).as("sprayed before the call").isEqualTo(20);

                for (int i = 0; i < 10; i++) {
                    peer.send(new DatagramPacket(rtp(100 + i), 172, port));
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (session.stats().packetsReceived() < 10 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < 30; i++) {
                    sprayer.send(new DatagramPacket(rtp(200 + i), 172, port));
                }
                end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (session.foreignDropped() < 30 && System.nanoTime() < end) {
                    Thread.onSpinWait();
                }

                assertThat(session.foreignDropped()).isEqualTo(30);
                assertThat(session.stats().packetsReceived()).isEqualTo(10);
                assertThat(frames.get()).isEqualTo(10);
                assertThat(session.stats().sendingTo()).isEqualTo(peer.getLocalSocketAddress());
                assertThat(session.stats().peers()).containsExactly((InetSocketAddress) peer.getLocalSocketAddress());
            } finally {
                session.close();
            }
        }
    }
}
