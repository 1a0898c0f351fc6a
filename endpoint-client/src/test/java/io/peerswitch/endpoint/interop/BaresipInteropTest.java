package io.peerswitch.endpoint.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.identity.TestAuthority;
import io.peerswitch.endpoint.media.audio.Goertzel;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.dtls.DtlsCertificate;
import io.peerswitch.wire.identity.EcKeys;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls with baresip 1.0 (Debian) in both directions, with audio verified by frequency on both sides. */
class BaresipInteropTest {

    @TempDir
    Path dir;

    /** baresip's microphone: 20 s of 1000 Hz (its aufile source ends the call when the file ends). */
    private Path voice() throws Exception {
        Path wav = dir.resolve("bob-1000hz.wav");
        try (var out = Files.newOutputStream(wav)) {
            io.peerswitch.endpoint.media.audio.WavFile.write(new PcmAudio(8000,
                    io.peerswitch.endpoint.media.audio.ToneGenerator.sine(1000, 0.3, 8000, 8000 * 20)), out);
        }
        return wav;
    }

    private static void assertHeard(PcmAudio audio, double hertz) {
        // Skip the first half second (call setup) and judge a second of steady audio.
        short[] s = audio.samples();
        int from = Math.min(s.length, audio.sampleRate() / 2);
        short[] middle = Arrays.copyOfRange(s, from, Math.min(s.length, from + audio.sampleRate()));
        assertThat(Goertzel.detectTone(middle, audio.sampleRate(), hertz)).as("baresip heard " + hertz + " Hz").isTrue();
    }

    private static PcmAudio awaitHeard(Baresip baresip) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            var heard = baresip.heard();
            if (heard.isPresent() && heard.get().length() > 8000) {
                return heard.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("baresip recorded no audio:\n" + baresip.log());
    }

    @Test
    void theEndpointCallsBaresipWithTwoWayAudio() throws Exception {
        Interop.require("baresip");
        int port = Interop.freePort();
        try (Baresip bob = Baresip.start(dir.resolve("bob"), "bob", port, voice(), null);
             Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", new InetSocketAddress("127.0.0.1", port), 440, false)) {
            String id = alice.onLoop(() -> alice.calls.dial("bob").join());
            alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(10));
            alice.awaitMedia(id, 150);
            alice.onLoop(() -> {
                alice.calls.hangup(id);
                return null;
            });
            CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));

            assertThat(ended.endReason()).isEqualTo("hung up");
            assertThat(ended.heardHertz()).as("the endpoint heard baresip's 1000 Hz").isEqualTo(1000.0);
            assertHeard(awaitHeard(bob), 440);
        }
    }

    @Test
    void theEndpointCallsANumberOutsideThroughBaresipAsItsGateway() throws Exception {
        Interop.require("baresip");
        int port = Interop.freePort();
        // FIG. 13: the route for 0049... names baresip as the gateway and translates to international format (strip 2,
        // prefix +); digit analysis picks it and the INVITE goes straight there. baresip 1.0 answers only requests for
        // its own account, so its account is the number it is called as.
        io.peerswitch.endpoint.external.ExternalRoutes routes = new io.peerswitch.endpoint.external.ExternalRoutes();
        routes.apply(new io.peerswitch.wire.route.RouteTable(1, true, List.of("pstn-calling"), List.of(
                new io.peerswitch.wire.route.ExternalRoute(1, "pstn-calling", "0049.", 10, "sip:127.0.0.1:" + port, null, null, 2,
                        "+", "baresip as a PSTN gateway")), List.of()));
        io.peerswitch.endpoint.external.ExternalRoutes.Match match = routes.route("0049 30 1234").orElseThrow();
        assertThat(match.requestUri()).isEqualTo("sip:+49301234@127.0.0.1:" + port);
        try (Baresip gateway = Baresip.start(dir.resolve("gw"), "+49301234", port, voice(), null);
             Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, false)) {
            String id = alice.onLoop(() -> alice.calls.dialExternal(match.number(), match.requestUri(), null).join());
            CallView active;
            try {
                active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(10));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; calls " + alice.onLoop(() -> alice.calls.calls()) + "; baresip said:\n"
                        + gateway.log(), e);
            }
            assertThat(active.peer()).isEqualTo("+49301234");
            alice.awaitMedia(id, 150);
            alice.onLoop(() -> {
                alice.calls.hangup(id);
                return null;
            });
            CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));

            assertThat(ended.heardHertz()).as("the endpoint heard the gateway's 1000 Hz").isEqualTo(1000.0);
            assertHeard(awaitHeard(gateway), 440);
        }
    }

    @Test
    void baresipCallsTheEndpointWithTwoWayAudio() throws Exception {
        Interop.require("baresip");
        int port = Interop.freePort();
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true)) {
            InetSocketAddress sip = alice.sip.localAddress();
            try (Baresip bob = Baresip.start(dir.resolve("bob"), "bob", port, voice(),
                    "sip:alice@127.0.0.1:" + sip.getPort())) {
                CallView active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                assertThat(active.verified()).as("baresip cannot sign: an outside device").isFalse();
                assertThat(active.outgoing()).isFalse();
                assertThat(active.peer()).isEqualTo("bob");
                alice.awaitMedia(active.id(), 150);
                alice.onLoop(() -> {
                    alice.calls.hangup(active.id());
                    return null;
                });
                CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));
                assertThat(ended.heardHertz()).as("the endpoint heard baresip's 1000 Hz").isEqualTo(1000.0);
                assertHeard(awaitHeard(bob), 440);
            }
        }
    }

    @Test
    void baresipOffersDtlsSrtpAndTheCallIsEncryptedBothWays() throws Exception {
        Interop.require("baresip");
        int port = Interop.freePort();
        DtlsCertificate certificate = DtlsCertificate.generate(java.time.Instant.now());
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true, certificate)) {
            InetSocketAddress sip = alice.sip.localAddress();
            try (Baresip bob = Baresip.start(dir.resolve("bob"), "bob", port, voice(),
                    "sip:alice@127.0.0.1:" + sip.getPort(), "dtls_srtp")) {
                CallView active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                try {
                    alice.awaitMedia(active.id(), 150);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; baresip said:\n" + bob.log(), e);
                }
                CallView now = alice.onLoop(() -> alice.calls.call(active.id()).orElseThrow());
                assertThat(now.encrypted()).as("DTLS-SRTP negotiated with baresip").isTrue();
                assertThat(now.verified()).as("its fingerprint came in unsigned SIP").isFalse();
                alice.onLoop(() -> {
                    alice.calls.hangup(active.id());
                    return null;
                });
                CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));
                assertThat(ended.heardHertz()).as("the endpoint decrypted baresip's 1000 Hz").isEqualTo(1000.0);
                assertHeard(awaitHeard(bob), 440);
                assertThat(bob.log()).as("baresip's own account of the call").containsIgnoringCase("dtls");
            }
        }
    }

    /** A device certificate of {@code authority} for {@code user} with its key, in the one PEM file baresip's sip_certificate reads. */
    private Path deviceCertificate(TestAuthority authority, String user) throws Exception {
        KeyPair keys = EcKeys.generate();
        Path pem = dir.resolve(user + "-device.pem");
        Files.writeString(pem, TestAuthority.pem(authority.issue(user, "device-" + user, keys))
                + TestAuthority.pem(keys.getPrivate()));
        return pem;
    }

    private Path authorityFile(TestAuthority authority) throws Exception {
        Path pem = dir.resolve("user-authority.pem");
        Files.writeString(pem, TestAuthority.pem(authority.certificate()));
        return pem;
    }

    @Test
    void baresipWithADeviceCertificateCallsOverTlsAndTheCallIsVerifiedAndEncrypted() throws Exception {
        Interop.require("baresip");
        var authority = new TestAuthority();
        int port = Interop.freePort();
        DtlsCertificate media = DtlsCertificate.generate(java.time.Instant.now());
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true, media, authority)) {
            InetSocketAddress tls = alice.sip.tlsAddress();
            try (Baresip bob = Baresip.start(dir.resolve("bob"), "bob", port, voice(),
                    "sip:alice@127.0.0.1:" + tls.getPort() + ";transport=tls", "dtls_srtp",
                    List.of("sip_certificate " + deviceCertificate(authority, "bob"),
                            "sip_cafile " + authorityFile(authority)))) {
                CallView active;
                try {
                    active = alice.await(c -> c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                    alice.awaitMedia(active.id(), 150);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; baresip said:\n" + bob.log(), e);
                }
                CallView now = alice.onLoop(() -> alice.calls.call(active.id()).orElseThrow());
                assertThat(now.verified()).as("bob's device certificate proved who called").isTrue();
                assertThat(now.peer()).isEqualTo("bob");
                assertThat(now.encrypted()).as("DTLS-SRTP, its fingerprint inside TLS").isTrue();
                alice.onLoop(() -> {
                    alice.calls.hangup(active.id());
                    return null;
                });
                CallView ended = alice.await(c -> c.state() == CallState.ENDED, Duration.ofSeconds(10));
                assertThat(ended.endReason()).isEqualTo("hung up");
                assertThat(ended.heardHertz()).as("the endpoint decrypted baresip's 1000 Hz").isEqualTo(1000.0);
                assertHeard(awaitHeard(bob), 440);
                assertThat(alice.sip.tls().counters()[0]).as("handshakes the authority vouched for").isGreaterThanOrEqualTo(1);

                // Alice calls bob back: the desk phone that called is a location of bob now, reached over TLS, verified.
                alice.events.clear();
                String back = alice.onLoop(() -> alice.calls.dial("bob").join());
                try {
                    alice.await(c -> c.id().equals(back) && c.state() == CallState.ACTIVE, Duration.ofSeconds(15));
                    alice.awaitMedia(back, 150);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; baresip said:\n" + bob.log(), e);
                }
                CallView backNow = alice.onLoop(() -> alice.calls.call(back).orElseThrow());
                assertThat(backNow.verified()).as("answered over TLS by bob's certificate").isTrue();
                assertThat(backNow.encrypted()).isTrue();
                alice.onLoop(() -> {
                    alice.calls.hangup(back);
                    return null;
                });
                CallView backEnded = alice.await(c -> c.id().equals(back) && c.state() == CallState.ENDED, Duration.ofSeconds(10));
                assertThat(backEnded.heardHertz()).as("the endpoint decrypted baresip's 1000 Hz again").isEqualTo(1000.0);
            }
        }
    }

    @Test
    void baresipWithTheDeviceCertificateOfAUserWhoIsNoBuddyIsRefusedAndNeverRings() throws Exception {
        Interop.require("baresip");
        var authority = new TestAuthority();
        int port = Interop.freePort();
        try (Interop.Endpoint alice = new Interop.Endpoint("alice", "bob", null, 440, true, null, authority)) {
            InetSocketAddress tls = alice.sip.tlsAddress();
            // mallory's certificate is genuine, but mallory is not alice's buddy; her From claims bob all the same.
            try (Baresip mallory = Baresip.start(dir.resolve("mallory"), "bob", port, voice(),
                    "sip:alice@127.0.0.1:" + tls.getPort() + ";transport=tls", null,
                    List.of("sip_certificate " + deviceCertificate(authority, "mallory"),
                            "sip_cafile " + authorityFile(authority)))) {
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < end && !mallory.log().contains("403")) {
                    Thread.sleep(100);
                }
                assertThat(mallory.log()).as("refused as a stranger").contains("403");
                assertThat(alice.events.poll(1, TimeUnit.SECONDS)).as("alice's phone never rang").isNull();
            }
        }
    }
}
