package io.peerswitch.endpoint.sip.jain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.endpoint.identity.Authentication;
import io.peerswitch.endpoint.identity.PeerIdentity;
import io.peerswitch.endpoint.identity.TestAuthority;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS between locations holding certificates of the user authority (docs/security.md, "Stock SIP clients"),
 * on real sockets: a request is attributed to the user its connection's certificate names, and a peer without such a
 * certificate never gets a request through (nothing reaches bob's listener).
 */
class SipOverTlsTest {

    private final TestAuthority authority = new TestAuthority();
    private final ThreadEventLoop loopA = new ThreadEventLoop("alice");
    private final ThreadEventLoop loopB = new ThreadEventLoop("bob");
    private final LinkedBlockingQueue<SipEvent> atAlice = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<SipEvent> atBob = new LinkedBlockingQueue<>();
    private JainSipTransport alice;
    private JainSipTransport bob;

    @BeforeEach
    void start() throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        alice = new JainSipTransport(any, loopA, d -> { });
        bob = new JainSipTransport(any, loopB, d -> { });
        alice.setListener(atAlice::add);
        bob.setListener(atBob::add);
        authority.tls(bob.tls(), "bob", "loc-bob");
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        loopA.close();
        loopB.close();
    }

    private SipRequest message() {
        LocalParty me = new LocalParty("alice", null, "localhost", alice.localAddress(), "UDP");
        InetSocketAddress to = bob.tlsAddress();
        return me.request("MESSAGE", "sip:bob@127.0.0.1:" + to.getPort() + ";transport=tls", "bob")
                .addHeader("Contact", me.contactHeader())
                .withBody("text/plain", "hello over TLS".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestOverTlsIsAttributedToTheUserItsCertificateNamesAndTheAnswerNamesTheTlsContact() throws Exception {
        authority.tls(alice.tls(), "alice", "loc-alice");

        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);

        SipEvent.IncomingRequest in = (SipEvent.IncomingRequest) atBob.poll(10, TimeUnit.SECONDS);
        assertThat(in).as("bob got alice's MESSAGE over TLS").isNotNull();
        assertThat(in.transport()).isEqualTo("TLS");
        assertThat(in.authentication()).isEqualTo(new Authentication.Verified(new PeerIdentity("alice", "loc-alice")));
        assertThat(NameAddr.parse(in.request().header("Contact").orElseThrow()).orElseThrow().uri())
                .as("alice's Contact over TLS names her TLS listening point")
                .isEqualTo("sip:alice@127.0.0.1:" + alice.tlsAddress().getPort() + ";transport=tls");

        loopB.submit(() -> {
            bob.respond(in.transaction().orElseThrow(), SipResponses.reply(in.request(), 200, "OK", "bobtag")
                    .addHeader("Contact", "<sip:bob@127.0.0.1:" + bob.localAddress().getPort() + ">"));
            return null;
        }).get(5, TimeUnit.SECONDS);
        SipEvent.IncomingResponse answer = (SipEvent.IncomingResponse) atAlice.poll(10, TimeUnit.SECONDS);
        assertThat(answer).isNotNull();
        assertThat(answer.response().status()).isEqualTo(200);
        assertThat(NameAddr.parse(answer.response().header("Contact").orElseThrow()).orElseThrow().uri())
                .isEqualTo("sip:bob@127.0.0.1:" + bob.tlsAddress().getPort() + ";transport=tls");
        assertThat(bob.tls().counters()[0]).isEqualTo(1);
    }

    @Test
    void aCertificateOfAnotherAuthorityNeverGetsARequestThrough() throws Exception {
        // Alice believes bob's authority, but her own certificate comes from another one.
        KeyPair keys = EcKeys.generate();
        alice.tls().configure(keys.getPrivate(), new TestAuthority().issue("alice", "loc-alice", keys), authority.certificate());

        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);

        assertThat(atBob.poll(3, TimeUnit.SECONDS)).as("nothing reaches bob").isNull();
        assertThat(bob.tls().counters()[1]).as("bob refused the handshake").isGreaterThanOrEqualTo(1);
        assertThat(bob.tls().counters()[0]).isZero();
    }

    @Test
    void anExpiredCertificateOfTheAuthorityNeverGetsARequestThrough() throws Exception {
        KeyPair keys = EcKeys.generate();
        X509Certificate expired = authority.issue("alice", "loc-alice", keys, Instant.now().minus(Duration.ofDays(2)),
                Instant.now().minus(Duration.ofDays(1)));
        alice.tls().configure(keys.getPrivate(), expired, authority.certificate());

        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);

        assertThat(atBob.poll(3, TimeUnit.SECONDS)).isNull();
        assertThat(bob.tls().counters()[1]).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        byte[] forged = ("MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bKx\r\n"
                + "From: <sip:alice@localhost>;tag=1\r\nTo: <sip:bob@localhost>\r\nCall-ID: forged\r\nCSeq: 1 MESSAGE\r\n"
                + "Max-Forwards: 70\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi").getBytes(StandardCharsets.US_ASCII);
        try (SSLSocket socket = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", bob.tlsAddress().getPort())) {
            socket.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write(forged);
                out.flush();
                // TLS 1.3 reports the refused client certificate on the first read.
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("closed by bob");
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(atBob.poll(2, TimeUnit.SECONDS)).as("nothing reaches bob").isNull();
    }

    @Test
    void aFloodOfIdleConnectionsCostsBoundedThreadsAndABuddyGetsThroughOnceItEnds() throws Exception {
        // The attacker opens many TCP connections to the TLS port and never says a word.
        java.util.List<java.net.Socket> idle = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < JainSipTransport.MAX_CONNECTIONS + 32; i++) {
                java.net.Socket socket = new java.net.Socket();
                socket.connect(bob.tlsAddress(), 2_000);
                idle.add(socket);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long readers = 0;
            while (System.nanoTime() < end) {
                readers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("TLSMessageChannelThread")).count();
                Thread.sleep(50);
            }
            assertThat(readers).as("reader threads for the idle connections").isLessThanOrEqualTo(JainSipTransport.MAX_CONNECTIONS);

            // The flood ends (or its handshakes time out, TLS_HANDSHAKE_TIMEOUT_MS): the slots free up and alice gets through.
            for (java.net.Socket socket : idle) {
                socket.close();
            }
            authority.tls(alice.tls(), "alice", "loc-alice");
            loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);
            SipEvent.IncomingRequest in = (SipEvent.IncomingRequest) atBob.poll(20, TimeUnit.SECONDS);
            assertThat(in).as("alice's MESSAGE despite the flood").isNotNull();
            assertThat(in.authentication()).isEqualTo(new Authentication.Verified(new PeerIdentity("alice", "loc-alice")));
        } finally {
            for (java.net.Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aRevokedDeviceCertificateIsRefusedAndItsOpenConnectionNoLongerBelieved() throws Exception {
        KeyPair keys = EcKeys.generate();
        X509Certificate device = authority.issue("alice", "device-alice", keys);
        alice.tls().configure(keys.getPrivate(), device, authority.certificate());
        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);
        SipEvent.IncomingRequest before = (SipEvent.IncomingRequest) atBob.poll(10, TimeUnit.SECONDS);
        assertThat(before.authentication()).isInstanceOf(Authentication.Verified.class);

        // Alice reports her phone stolen; bob's endpoint learns the fingerprint with its next keepalive.
        bob.tls().revoke(java.util.List.of(io.peerswitch.wire.identity.LocationCertificate.fingerprintOf(device.getEncoded())));

        assertThat(bob.tls().peerAt(before.source())).as("the connection the phone opened").isEmpty();
        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            SipEvent event = atBob.poll(100, TimeUnit.MILLISECONDS);
            if (event instanceof SipEvent.IncomingRequest in) {
                assertThat(in.authentication()).as("nothing from the revoked phone is believed").isNotInstanceOf(Authentication.Verified.class);
            }
        }
        // A fresh connection (a new handshake, or a resumed session, which checks no certificate) is believed no more.
        alice.close();
        alice = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), loopA, d -> { });
        alice.setListener(atAlice::add);
        alice.tls().configure(keys.getPrivate(), device, authority.certificate());
        long refusedBefore = bob.tls().counters()[1];
        loopA.submit(() -> alice.send(message())).get(5, TimeUnit.SECONDS);
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            SipEvent event = atBob.poll(100, TimeUnit.MILLISECONDS);
            if (event instanceof SipEvent.IncomingRequest in) {
                assertThat(in.authentication()).isNotInstanceOf(Authentication.Verified.class);
            }
        }
        assertThat(bob.tls().counters()[1]).as("the new handshake refused the revoked certificate").isEqualTo(refusedBefore + 1);
    }
}
