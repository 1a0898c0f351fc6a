package io.peerswitch.endpoint.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.sdp.Direction;
import io.peerswitch.endpoint.call.sdp.MediaSecurity;
import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.config.EndpointConfig.PortRange;
import io.peerswitch.endpoint.media.audio.Goertzel;
import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.dtls.DatagramQueue;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpHandshake;
import io.peerswitch.endpoint.media.dtls.DtlsSrtpSession;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import io.peerswitch.wire.nat.TransportAddress;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Encrypted media (RFC 5764) between two media sessions on real loopback sockets, and the attacks on it of issue 12:
 * RTP sprayed from the signaled host itself and from another, and a stranger's DTLS handshake with a certificate of
 * its own. Nothing but the peer's authenticated SRTP is heard or moves the path.
 */
class SecureMediaAttackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final DtlsCertificate ALICE = DtlsCertificate.generate(Instant.now());
    private static final DtlsCertificate BOB = DtlsCertificate.generate(Instant.now());
    private static final DtlsCertificate MALLORY = DtlsCertificate.generate(Instant.now());
    private static final AudioSink NOWHERE = new AudioSink() {
        @Override
        public void write(short[] samples) {
        }

        @Override
        public void close() {
        }
    };

    private static NegotiatedMedia towards(int port, Fingerprint peer, boolean client) {
        TransportAddress remote = new TransportAddress("127.0.0.1", port);
        return new NegotiatedMedia(remote, remote, AudioCodec.forPayloadType(0).orElseThrow(), 0, OptionalInt.empty(),
                Direction.SENDRECV, 20, Optional.of(new MediaSecurity(peer, client)));
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static byte[] rtp(int sequence) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[11] = 9;
        return packet;
    }

    @Test
    void audioFlowsEncryptedBothWaysAndNoSprayOrStrangersHandshakeIsHeard() throws Exception {
        RtpMediaSession alice = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "alice@127.0.0.1");
        RtpMediaSession bob = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "bob@127.0.0.1");
        // Another host (127.0.0.2 on the loopback) and the signaled host itself, as an attacker on the path would use.
        try (DatagramSocket elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             DatagramSocket sameHost = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            NegotiatedMedia aliceMedia = towards(bob.rtpPort(), BOB.fingerprint(), false);
            NegotiatedMedia bobMedia = towards(alice.rtpPort(), ALICE.fingerprint(), true);
            alice.secureWith(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint());
            bob.secureWith(DtlsSrtpHandshake.Role.CLIENT, BOB, ALICE.fingerprint());
            alice.start(aliceMedia, AudioDevices.tone(440), NOWHERE, digit -> { });
            bob.start(bobMedia, AudioDevices.tone(1000), NOWHERE, digit -> { });

            await(() -> alice.stats().encrypted() && bob.stats().encrypted(), "the DTLS handshake");
            await(() -> alice.stats().packetsReceived() > 50 && bob.stats().packetsReceived() > 50, "audio both ways");
            assertThat(Goertzel.tone(alice.recentAudio(), AudioDevices.RATE)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(15.0));
            assertThat(Goertzel.tone(bob.recentAudio(), AudioDevices.RATE)).isCloseTo(440.0, org.assertj.core.data.Offset.offset(15.0));

            InetSocketAddress alicePort = new InetSocketAddress(LOOPBACK, alice.rtpPort());
            InetSocketAddress bobPort = new InetSocketAddress(LOOPBACK, bob.rtpPort());
            long refusedBefore = alice.security().orElseThrow().refused();
            // 1. Plain RTP from the signaled host (it could latch a plain-RTP session): not SRTP, refused.
            for (int i = 0; i < 40; i++) {
                sameHost.send(new DatagramPacket(rtp(i), 172, alicePort));
            }
            // 2. "SRTP" with a forged tag, from another host.
            for (int i = 0; i < 40; i++) {
                byte[] forged = Arrays.copyOf(rtp(100 + i), 182);
                elsewhere.send(new DatagramPacket(forged, forged.length, alicePort));
            }
            await(() -> alice.security().orElseThrow().refused() - refusedBefore >= 80, "the spray refused");

            // 3. A stranger's own DTLS handshake at alice's port (she is the DTLS server), from the signaled host: her
            //    handshake is over and the stranger's certificate is not the one the signaling named: nothing is keyed.
            DtlsSrtpSession mallory = new DtlsSrtpSession(DtlsSrtpHandshake.Role.CLIENT, MALLORY, ALICE.fingerprint(),
                    (buf, off, len) -> sameHost.send(new DatagramPacket(buf, off, len, alicePort)));
            mallory.start("mallory");
            Thread.ofVirtual().start(() -> {
                byte[] in = new byte[2048];
                try {
                    sameHost.setSoTimeout(200);
                    while (mallory.state() == DtlsSrtpSession.State.HANDSHAKING) {
                        DatagramPacket p = new DatagramPacket(in, in.length);
                        try {
                            sameHost.receive(p);
                            mallory.onDtls(Arrays.copyOf(in, p.getLength()));
                        } catch (SocketTimeoutException e) {
                            // keep listening until the handshake gives up
                        }
                    }
                } catch (java.io.IOException e) {
                    // socket closed at the end of the test
                }
            });
            long bobReceived = bob.stats().packetsReceived();
            await(() -> bob.stats().packetsReceived() > bobReceived + 25, "bob still hearing alice");
            assertThat(mallory.state()).isNotEqualTo(DtlsSrtpSession.State.ESTABLISHED);
            mallory.close();

            long aliceReceived = alice.stats().packetsReceived();
            await(() -> alice.stats().packetsReceived() > aliceReceived + 25, "alice still hearing bob");
            assertThat(alice.stats().sendingTo()).isEqualTo(bobPort);
            assertThat(bob.stats().sendingTo()).isEqualTo(alicePort);
            assertThat(alice.stats().peers()).containsExactly(bobPort);
            assertThat(Goertzel.tone(alice.recentAudio(), AudioDevices.RATE)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(15.0));
            assertThat(alice.security().orElseThrow().dtlsDropped()).isZero();
        } finally {
            alice.close();
            bob.close();
        }
    }

    @Test
    void behindASymmetricNatTheClientFindsTheServerWhereItsPunchCameFromAndAStrangersPunchIsIgnored() throws Exception {
        RtpMediaSession alice = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "alice@127.0.0.1");
        RtpMediaSession bob = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "bob@127.0.0.1");
        try (DatagramSocket wrongPort = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket elsewhere = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            // Alice's SDP names the port STUN told her; her symmetric NAT maps her to another towards bob (here: her
            // real port), so bob's first ClientHello goes nowhere useful. A stranger on another host punches first.
            byte[] punch = io.peerswitch.wire.stun.StunCodec.encode(new io.peerswitch.wire.stun.StunMessage(
                    io.peerswitch.wire.stun.StunClass.INDICATION, io.peerswitch.wire.stun.StunMethod.BINDING,
                    io.peerswitch.wire.stun.TransactionId.random(), java.util.List.of()));
            InetSocketAddress bobPort = new InetSocketAddress(LOOPBACK, bob.rtpPort());
            bob.secureWith(DtlsSrtpHandshake.Role.CLIENT, BOB, ALICE.fingerprint());
            bob.start(towards(wrongPort.getLocalPort(), ALICE.fingerprint(), true), AudioDevices.tone(1000), NOWHERE, d -> { });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (bob.foreignDropped() < 5 && System.nanoTime() < end) {
                elsewhere.send(new DatagramPacket(punch, punch.length, bobPort));
                TimeUnit.MILLISECONDS.sleep(20); // the session drains what reached the port before it started
            }
            assertThat(bob.foreignDropped()).as("the stranger's punches, counted as foreign").isGreaterThanOrEqualTo(5);
            alice.secureWith(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint());
            alice.start(towards(bob.rtpPort(), BOB.fingerprint(), false), AudioDevices.tone(440), NOWHERE, d -> { });

            await(() -> alice.stats().encrypted() && bob.stats().encrypted(), "the handshake at the punched port");
            await(() -> alice.stats().packetsReceived() > 50 && bob.stats().packetsReceived() > 50, "audio both ways");
            assertThat(Goertzel.tone(bob.recentAudio(), AudioDevices.RATE)).isCloseTo(440.0, org.assertj.core.data.Offset.offset(15.0));
            assertThat(Goertzel.tone(alice.recentAudio(), AudioDevices.RATE)).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(15.0));
        } finally {
            alice.close();
            bob.close();
        }
    }

    @Test
    void nothingIsSentInClearBeforeTheKeysExist() throws Exception {
        RtpMediaSession alice = RtpMediaSession.open(LOOPBACK, new PortRange(0, 0), "alice@127.0.0.1");
        try (DatagramSocket silentPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            alice.secureWith(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint());
            alice.start(towards(silentPeer.getLocalPort(), BOB.fingerprint(), false), AudioDevices.tone(440), NOWHERE, d -> { });
            silentPeer.setSoTimeout(1000);
            byte[] in = new byte[2048];
            for (int i = 0; i < 5; i++) {
                DatagramPacket p = new DatagramPacket(in, in.length);
                silentPeer.receive(p);
                assertThat(in[0] & 0xFF).as("only STUN indications that open the NAT, never RTP").isLessThan(4);
            }
            assertThat(alice.stats().packetsSent()).isZero();
            assertThat(alice.stats().encrypted()).isFalse();
        } finally {
            alice.close();
        }
    }
}
