package io.peerswitch.endpoint.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.identity.TestAuthority;
import io.peerswitch.endpoint.media.audio.Goertzel;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.wire.identity.EcKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls with linphone 5.1 (Debian's linphonec) in both directions, audio verified by frequency on both sides:
 * linphone insisting on DTLS-SRTP (RFC 5763/5764) calls the endpoint and the call is encrypted both ways; the
 * endpoint calls linphone, an outside device it has no certified identity for, in plain RTP.
 */
class LinphoneInteropTest {

    @TempDir
    Path dir;

    /** linphone's microphone: 20 s of 1000 Hz. */
    private Path voice() throws Exception {
        Path wav = dir.resolve("bob-1000hz.wav");
        try (OutputStream out = Files.newOutputStream(wav)) {
            WavFile.write(new PcmAudio(8000, ToneGenerator.sine(1000, 0.3, 8000, 8000 * 20)), out);
        }
        return wav;
    }

    /** What linphone recorded, once it closed the file at the end of the call. */
    private static PcmAudio awaitHeard(Linphone linphone) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            var heard = linphone.heard();
            if (heard.isPresent() && heard.get().length() > 8000) {
                return heard.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("linphone recorded no audio:\n" + linphone.log());
    }

    /**
     * Passes when some second of the recording holds {@code hertz}: linphone records from the moment the call is set up,
     * so its start holds ringing (and key exchange), and its end the silence between our last packet and the BYE, both
     * of a length that varies with the machine's load.
     */
    private static void assertHeard(PcmAudio audio, double hertz) {
        short[] s = audio.samples();
        int rate = audio.sampleRate();
        List<Double> dominant = new ArrayList<>();
        for (int from = 0; from + rate <= s.length; from += rate / 4) {
            short[] second = Arrays.copyOfRange(s, from, from + rate);
            if (Goertzel.detectTone(second, rate, hertz)) {
                return;
            }
            dominant.add(Goertzel.tone(second, rate));
        }
        throw new AssertionError("linphone never heard " + hertz + " Hz for a second (dominant tone of each second, a quarter "
                + "second apart: " + dominant + "; " + s.length + " samples)");
    }

    private static CallView hangUp(Interop.Endpoint alice, String id) throws Exception {
        alice.onLoop(() -> {
            alice.calls.hangup(id);
            return null;
        });
        return alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));
    }

    @Test
    void linphoneInsistingOnDtlsSrtpCallsTheEndpointAndTheCallIsEncryptedBothWays() throws Exception {
        Interop.require("linphonec");
        DtlsCertificate certificate = DtlsCertificate.generate(Instant.now());
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true, certificate);
             Linphone bob = Linphone.start(dir.resolve("bob"), "bob", Interop.freePort(), Interop.freePort(), voice(), true)) {
            bob.command("call sip:alice@127.0.0.1:" + alice.sip.localAddress().getPort());
            CallView active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
            try {
                alice.awaitMedia(active.id(), 150);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; linphone said:\n" + bob.log(), e);
            }
            CallView now = alice.onLoop(() -> alice.calls.call(active.id()).orElseThrow());
            assertThat(now.peer()).isEqualTo("bob");
            assertThat(now.encrypted()).as("DTLS-SRTP negotiated with linphone").isTrue();
            assertThat(now.verified()).as("its fingerprint came in unsigned SIP").isFalse();
            // linphone's own account: its DTLS-SRTP handshake with the endpoint completed.
            bob.awaitCoreLog("DTLS Handshake on RTP channel successful", 5);

            CallView ended = hangUp(alice, active.id());
            assertThat(ended.heardHertz()).as("the endpoint decrypted linphone's 1000 Hz").isEqualTo(1000.0);
            assertHeard(awaitHeard(bob), 440);
        }
    }

    @Test
    void theEndpointCallsLinphoneWithTwoWayAudio() throws Exception {
        Interop.require("linphonec");
        int port = Interop.freePort();
        try (Linphone bob = Linphone.start(dir.resolve("bob"), "bob", port, Interop.freePort(), voice(), false);
             Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", new InetSocketAddress("127.0.0.1", port), 440, false)) {
            String id = alice.onLoop(() -> alice.calls.dial("bob").join());
            try {
                alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                alice.awaitMedia(id, 150);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; linphone said:\n" + bob.log(), e);
            }
            CallView ended = hangUp(alice, id);
            assertThat(ended.heardHertz()).as("the endpoint heard linphone's 1000 Hz").isEqualTo(1000.0);
            assertHeard(awaitHeard(bob), 440);
        }
    }

    @Test
    void linphoneWithADeviceCertificateCallsOverTlsAndTheCallIsVerifiedAndEncrypted() throws Exception {
        Interop.require("linphonec");
        var authority = new TestAuthority();
        KeyPair keys = EcKeys.generate();
        Path certificate = dir.resolve("bob-cert.pem");
        Path key = dir.resolve("bob-key.pem");
        Path ca = dir.resolve("authority.pem");
        Files.writeString(certificate, TestAuthority.pem(authority.issue("bob", "device-bob", keys)));
        Files.writeString(key, TestAuthority.pem(keys.getPrivate()));
        Files.writeString(ca, TestAuthority.pem(authority.certificate()));
        DtlsCertificate media = DtlsCertificate.generate(Instant.now());
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true, media, authority);
             Linphone bob = Linphone.start(dir.resolve("bob"), "bob", Interop.freePort(), Interop.freePort(), voice(), true,
                     new Linphone.Tls(certificate, key, ca, Interop.freePort()))) {
            bob.command("call sip:alice@127.0.0.1:" + alice.sip.tlsAddress().getPort() + ";transport=tls");
            CallView active;
            try {
                active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                alice.awaitMedia(active.id(), 150);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; linphone said:\n" + bob.log() + "\n" + bob.coreLog(), e);
            }
            CallView now = alice.onLoop(() -> alice.calls.call(active.id()).orElseThrow());
            assertThat(now.peer()).isEqualTo("bob");
            assertThat(now.verified()).as("bob's device certificate proved who called").isTrue();
            assertThat(now.encrypted()).as("DTLS-SRTP, its fingerprint inside TLS").isTrue();
            bob.awaitCoreLog("DTLS Handshake on RTP channel successful", 5);

            CallView ended = hangUp(alice, active.id());
            assertThat(ended.endReason()).isEqualTo("hung up");
            assertThat(ended.heardHertz()).as("the endpoint decrypted linphone's 1000 Hz").isEqualTo(1000.0);
            try {
                bob.awaitLog("ended", 10);
            } catch (IOException e) {
                String core = bob.coreLog();
                throw new AssertionError("linphone never saw the BYE over TLS:\n" + core.substring(Math.max(0, core.length() - 20000)), e);
            }
            assertHeard(awaitHeard(bob), 440);
        }
    }
}
