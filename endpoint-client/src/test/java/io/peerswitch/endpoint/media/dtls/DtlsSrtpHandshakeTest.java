package io.peerswitch.endpoint.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.media.srtp.SrtpProfile;
import io.peerswitch.endpoint.media.srtp.SrtpReceiver;
import io.peerswitch.endpoint.media.srtp.SrtpResult;
import io.peerswitch.endpoint.media.srtp.SrtpSender;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The DTLS-SRTP handshake (RFC 5764 section 4, RFC 5763 section 5) between two peers wired back to back. */
class DtlsSrtpHandshakeTest {

    private static final DtlsCertificate ALICE = DtlsCertificate.generate(Instant.now());
    private static final DtlsCertificate BOB = DtlsCertificate.generate(Instant.now());
    private static final DtlsCertificate MALLORY = DtlsCertificate.generate(Instant.now());

    /** Two transports, each delivering what it sends into the other, but for the datagrams numbered in {@code lost}. */
    private static DatagramQueue[] wired(int... lost) {
        java.util.Set<Integer> dropped = java.util.Arrays.stream(lost).boxed().collect(java.util.stream.Collectors.toSet());
        AtomicReference<DatagramQueue> a = new AtomicReference<>();
        AtomicReference<DatagramQueue> b = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        a.set(new DatagramQueue((buf, off, len) -> {
            if (!dropped.contains(sent.incrementAndGet())) {
                b.get().offer(Arrays.copyOfRange(buf, off, off + len));
            }
        }));
        b.set(new DatagramQueue((buf, off, len) -> {
            if (!dropped.contains(sent.incrementAndGet())) {
                a.get().offer(Arrays.copyOfRange(buf, off, off + len));
            }
        }));
        return new DatagramQueue[] {a.get(), b.get()};
    }

    private static CompletableFuture<DtlsSrtpHandshake.Established> run(DtlsSrtpHandshake.Role role, DtlsCertificate ours,
                                                                        Fingerprint expected, DatagramQueue transport) {
        CompletableFuture<DtlsSrtpHandshake.Established> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                done.complete(DtlsSrtpHandshake.run(role, ours, expected, transport));
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static byte[] rtp(int sequence) {
        byte[] packet = new byte[12 + 160];
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[11] = 42;
        Arrays.fill(packet, 12, packet.length, (byte) 0x55);
        return packet;
    }

    /** What every endpoint runs when it starts (docs/security.md, "Warm-up"): it must finish, and throws when it cannot. */
    @Test
    @Timeout(20)
    void theWarmUpHandshakeCompletesAgainstItself() throws Exception {
        DtlsSrtpHandshake.warmUp(ALICE);
        DtlsSrtpHandshake.warmUp(ALICE);
    }

    @Test
    void bothSidesAgreeKeysThatProtectEachDirection() throws Exception {
        DatagramQueue[] wire = wired();
        var client = run(DtlsSrtpHandshake.Role.CLIENT, BOB, ALICE.fingerprint(), wire[0]);
        var server = run(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint(), wire[1]);
        DtlsSrtpHandshake.Established bob = client.get(15, TimeUnit.SECONDS);
        DtlsSrtpHandshake.Established alice = server.get(15, TimeUnit.SECONDS);

        assertThat(bob.sending().profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(bob.sending().masterKey()).isEqualTo(alice.receiving().masterKey());
        assertThat(bob.sending().masterSalt()).isEqualTo(alice.receiving().masterSalt());
        assertThat(alice.sending().masterKey()).isEqualTo(bob.receiving().masterKey()).isNotEqualTo(bob.sending().masterKey());

        byte[] plain = rtp(7);
        byte[] protectedPacket = new SrtpSender(alice.sending()).protectRtp(plain, 0, plain.length);
        assertThat(protectedPacket).hasSize(plain.length + 10);
        assertThat(Arrays.copyOfRange(protectedPacket, 12, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        assertThat(new SrtpReceiver(bob.receiving()).unprotectRtp(protectedPacket, 0, protectedPacket.length))
                .isInstanceOfSatisfying(SrtpResult.Plain.class, p -> assertThat(p.packet()).isEqualTo(plain));
        bob.connection().close();
        alice.connection().close();
    }

    @Test
    void theHandshakeSurvivesLostDatagramsThroughItsRetransmissions() throws Exception {
        DatagramQueue[] wire = wired(1, 3, 4); // the first hello, and the server's answer to the second

        var client = run(DtlsSrtpHandshake.Role.CLIENT, BOB, ALICE.fingerprint(), wire[0]);
        var server = run(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint(), wire[1]);

        assertThat(client.get(15, TimeUnit.SECONDS).sending().masterKey())
                .isEqualTo(server.get(15, TimeUnit.SECONDS).receiving().masterKey());
    }

    @Test
    void aServerThatIsNotTheOneTheSignalingNamedIsRefusedByTheClient() {
        DatagramQueue[] wire = wired();
        var client = run(DtlsSrtpHandshake.Role.CLIENT, BOB, ALICE.fingerprint(), wire[0]);
        var mallory = run(DtlsSrtpHandshake.Role.SERVER, MALLORY, BOB.fingerprint(), wire[1]);

        assertThatThrownBy(() -> client.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> mallory.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void aClientThatIsNotTheOneTheSignalingNamedIsRefusedByTheServer() {
        DatagramQueue[] wire = wired();
        var mallory = run(DtlsSrtpHandshake.Role.CLIENT, MALLORY, ALICE.fingerprint(), wire[0]);
        var server = run(DtlsSrtpHandshake.Role.SERVER, ALICE, BOB.fingerprint(), wire[1]);

        assertThatThrownBy(() -> server.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> mallory.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void theQueueIsBoundedSoAFloodCostsOnlyACounter() {
        DatagramQueue queue = new DatagramQueue((buf, off, len) -> { });
        for (int i = 0; i < DatagramQueue.CAPACITY + 50; i++) {
            queue.offer(new byte[100]);
        }
        assertThat(queue.dropped()).isEqualTo(50);
        assertThat(queue.offer(new byte[DatagramQueue.MTU * 3])).isFalse();
    }

    @Test
    void aFingerprintNamesExactlyOneCertificate() {
        assertThat(ALICE.fingerprint().matches(ALICE.der())).isTrue();
        assertThat(ALICE.fingerprint().matches(BOB.der())).isFalse();
        assertThat(Fingerprint.parse(ALICE.fingerprint().attributeValue())).contains(ALICE.fingerprint());
    }
}
