package io.peerswitch.endpoint.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.identity.PeerAuthenticator;
import io.peerswitch.endpoint.identity.TestAuthority;
import io.peerswitch.endpoint.loop.ThreadEventLoop;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.server.ServerChannel;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.jain.JainSipTransport;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.SipCodec;
import io.peerswitch.wire.sip.SipParseResult;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forged notices of the access server (issue 12, items 5 and 7) at a running endpoint on real sockets: the
 * endpoint subscribes to a "server" socket that holds the server's credential; only NOTIFYs that the server
 * signed are acted on, whatever the forger copies from the dialog it watched.
 */
class ServerChannelAttackTest {

    private final TestAuthority authority = new TestAuthority();
    private final PeerAuthenticator server = authority.authenticator(NotificationChannel.SERVER_USER, "access-server", Clock.systemUTC());
    private final PeerAuthenticator mallory = authority.authenticator("mallory", "loc-mallory", Clock.systemUTC());
    private final ThreadEventLoop loop = new ThreadEventLoop("bob");
    private final List<RoutingEntry> assists = new CopyOnWriteArrayList<>();
    private JainSipTransport sip;
    private DatagramSocket serverSocket;

    @AfterEach
    void stop() {
        if (serverSocket != null) {
            serverSocket.close();
        }
        if (sip != null) {
            sip.close();
        }
        loop.close();
    }

    private SipRequest receiveRequest() throws Exception {
        byte[] buffer = new byte[8192];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            serverSocket.receive(packet);
            if (SipCodec.parse(buffer, 0, packet.getLength()) instanceof SipParseResult.Parsed(SipRequest request)) {
                return request;
            }
        }
    }

    private int notifyAndAwait(SipRequest notify) throws Exception {
        byte[] bytes = SipCodec.format(notify);
        serverSocket.send(new DatagramPacket(bytes, bytes.length, sip.localAddress()));
        byte[] buffer = new byte[8192];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                serverSocket.receive(packet);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            if (SipCodec.parse(buffer, 0, packet.getLength()) instanceof SipParseResult.Parsed(SipResponse response)
                    && response.cseq().equals(notify.cseq()) && response.callId().equals(notify.callId())) {
                return response.status();
            }
        }
        return 0;
    }

    private SipRequest notify(SipRequest subscribe, String serverTag, long cseq, RoutingEntry about, InetSocketAddress bob) {
        int server = serverSocket.getLocalPort();
        return new SipRequest("NOTIFY", "sip:bob@127.0.0.1:" + bob.getPort(), List.of(), new byte[0])
                .addHeader("Via", "SIP/2.0/UDP 127.0.0.1:" + server + ";branch=z9hG4bK-n" + cseq)
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<sip:" + NotificationChannel.SERVER_USER + "@127.0.0.1>;tag=" + serverTag)
                .addHeader("To", subscribe.header("From").orElseThrow())
                .addHeader("Call-ID", subscribe.callId())
                .addHeader("CSeq", cseq + " NOTIFY")
                .addHeader("Event", NotificationChannel.EVENT_PACKAGE)
                .addHeader("Subscription-State", "active;expires=600")
                .withBody(NotificationChannel.CONTENT_TYPE, WireJson.encode(Notice.assist(about)));
    }

    @Test
    void onlyTheServersSignedNoticesAreActedOn() throws Exception {
        serverSocket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        serverSocket.setSoTimeout(5000);
        sip = new JainSipTransport(new InetSocketAddress("127.0.0.1", 0), loop, d -> { });
        sip.setAuthenticator(authority.authenticator("bob", "loc-bob", Clock.systemUTC()));
        LocalParty bob = new LocalParty("bob", null, "example.com", sip.localAddress(), "UDP");
        ServerChannel channel = loop.submit(() -> {
            SignalingAgent agent = new SignalingAgent(sip, loop, new PeerControl()::isAcceptedBuddy);
            agent.expectSignaturesFrom(NotificationChannel.SERVER_USER::equals);
            return new ServerChannel(agent, () -> bob, to -> { }, assists::add);
        }).get(5, TimeUnit.SECONDS);
        loop.submit(() -> {
            channel.open(new NotificationChannel("sip:" + NotificationChannel.SERVER_USER + "@127.0.0.1:" + serverSocket.getLocalPort(), 0), "t");
            return null;
        }).get(5, TimeUnit.SECONDS);

        SipRequest subscribe = receiveRequest();
        assertThat(subscribe.header("Identity")).as("bob signs his SUBSCRIBE").isPresent();
        assertThat(subscribe.header("Authorization")).as("and sends no token").isEmpty();
        byte[] ok = SipCodec.format(server.sign(SipResponses.reply(subscribe, 200, "OK", "srv").addHeader("Expires", "600")));
        serverSocket.send(new DatagramPacket(ok, ok.length, sip.localAddress()));

        RoutingEntry genuine = new RoutingEntry("alice", "loc-alice", new TransportAddress("198.18.7.1", 4000), null,
                NatType.SYMMETRIC, Instant.parse("2026-12-07T06:00:00Z"), null);
        RoutingEntry forged = new RoutingEntry("alice", "loc-forged", new TransportAddress("198.18.66.6", 4000), null,
                NatType.SYMMETRIC, Instant.parse("2026-12-07T06:00:00Z"), null);
        InetSocketAddress bobAddress = sip.localAddress();

        assertThat(notifyAndAwait(server.sign(notify(subscribe, "srv", 1, genuine, bobAddress)))).isEqualTo(200);
        assertThat(notifyAndAwait(notify(subscribe, "srv", 2, forged, bobAddress))).as("unsigned, in the very dialog").isEqualTo(428);
        assertThat(notifyAndAwait(mallory.sign(notify(subscribe, "srv", 3, forged, bobAddress)
                .withHeader("From", "<sip:mallory@127.0.0.1>;tag=srv")))).as("a certified user is not the server").isEqualTo(481);

        // The endpoint acts on a notice after answering it: its loop has handled all three once it answers a probe.
        loop.submit(() -> null).get(5, TimeUnit.SECONDS);
        assertThat(assists).containsExactly(genuine);
    }
}
