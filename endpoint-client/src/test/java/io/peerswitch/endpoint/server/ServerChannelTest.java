package io.peerswitch.endpoint.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.endpoint.sip.SipTransport;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's side of the server channel (FIG. 6): subscribe with the token, keep the flow open, act on assists. */
class ServerChannelTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("198.19.0.2", 5060);
    private static final InetSocketAddress ALICE = new InetSocketAddress("198.18.1.1", 5060);

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final FakeServer server = new FakeServer(network.node(SERVER));
    private final List<InetSocketAddress> pings = new ArrayList<>();
    private final List<RoutingEntry> assists = new ArrayList<>();
    private final SignalingAgent agent = new SignalingAgent(network.node(ALICE), loop, new PeerControl()::isAcceptedBuddy);
    private final ServerChannel channel = new ServerChannel(agent,
            () -> new LocalParty("alice", null, "peerswitch.test", ALICE, "UDP"), pings::add, assists::add);

    @Test
    void subscribesWithoutATokenOverUdpAndRefreshesAtHalfTheGrantedTime() {
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-1");
        loop.runPending();

        SipRequest subscribe = server.subscribes.getFirst();
        assertThat(subscribe.requestUri()).isEqualTo("sip:198.19.0.2:5060;transport=udp");
        assertThat(subscribe.header("Event")).contains("peerswitch");
        assertThat(subscribe.header("Authorization")).as("no token on the wire: the transport signs").isEmpty();
        assertThat(subscribe.from().uri()).isEqualTo("sip:alice@peerswitch.test");
        assertThat(channel.subscribed()).isTrue();

        loop.advance(Duration.ofSeconds(59));
        assertThat(server.subscribes).hasSize(1);
        loop.advance(Duration.ofSeconds(2));
        assertThat(server.subscribes).hasSize(2);
        SipRequest refresh = server.subscribes.get(1);
        assertThat(refresh.callId()).isEqualTo(subscribe.callId());
        assertThat(refresh.to().tag()).contains(FakeServer.TAG);
        assertThat(refresh.cseq().number()).isEqualTo(2);
        assertThat(refresh.header("Authorization")).isEmpty();
    }

    @Test
    void anAssistNoticeInTheDialogIsHandedOnAndAStrangeOneIsRefused() {
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-1");
        loop.runPending();
        RoutingEntry bob = new RoutingEntry("bob", "loc-bob", new TransportAddress("198.18.2.1", 40000),
                new TransportAddress("10.0.0.2", 5060), NatType.SYMMETRIC, Instant.parse("2026-11-22T10:00:00Z"), null);

        server.notify(server.subscribes.getFirst(), Notice.assist(bob), "active;expires=100");
        SipRequest forged = server.subscribes.getFirst().withHeader("Call-ID", "someone-else");
        server.notify(forged, Notice.assist(bob), "active;expires=100");
        loop.runPending();

        assertThat(assists).containsExactly(bob);
        assertThat(network.responses(200)).isNotEmpty();
        assertThat(network.responses(428)).hasSize(1); // unsigned, and in no dialog we opened with the server
    }

    @Test
    void behindABlockingNatItPingsTheServerAtTheInterval() {
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 20), "token-1");
        loop.runPending();

        loop.advance(Duration.ofSeconds(61));

        assertThat(pings).containsExactly(SERVER, SERVER, SERVER);
    }

    @Test
    void anOpenNatGetsNoKeepalives() {
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-1");
        loop.advance(Duration.ofSeconds(100));

        assertThat(pings).isEmpty();
    }

    @Test
    void aRefusedSubscriptionIsTriedAgainLater() {
        server.status = 438;
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "stale-token");
        loop.runPending();
        assertThat(channel.subscribed()).isFalse();

        server.status = 200;
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-2");
        loop.runPending();
        assertThat(channel.subscribed()).isTrue();
        assertThat(server.subscribes.getLast().header("Authorization")).isEmpty();

        server.status = 500;
        channel.close();
        server.status = 200;
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-2");
        server.status = 503;
        loop.runPending();
        server.status = 200;
        loop.advance(ServerChannel.RETRY.plusSeconds(1));
        assertThat(channel.subscribed()).isTrue();
    }

    @Test
    void aTerminatedSubscriptionIsRenewedAndClosingUnsubscribesAndStopsPinging() {
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 20), "token-1");
        loop.runPending();
        server.notify(server.subscribes.getFirst(), new Notice(Notice.TERMINATED, null), "terminated;reason=timeout");
        loop.runPending();
        assertThat(channel.subscribed()).isFalse();
        loop.advance(ServerChannel.RETRY.plusSeconds(1));
        assertThat(channel.subscribed()).isTrue();
        int before = server.subscribes.size();

        channel.close();
        loop.runPending();
        int pinged = pings.size();
        loop.advance(Duration.ofSeconds(100));

        assertThat(server.subscribes).hasSize(before + 1);
        assertThat(server.subscribes.getLast().header("Expires")).contains("0");
        assertThat(pings).hasSize(pinged);
    }

    @Test
    void theSameChannelAndTokenAgainChangesNothing() {
        NotificationChannel named = new NotificationChannel("sip:198.19.0.2:5060", 0);
        channel.open(named, "token-1");
        loop.runPending();
        channel.open(named, "token-1");
        loop.runPending();

        assertThat(server.subscribes).hasSize(1);
    }

    @Test
    void aPendingNoticeIsHandedOn() {
        List<io.peerswitch.wire.pending.PendingItem> pending = new ArrayList<>();
        channel.onPending(pending::add);
        channel.open(new NotificationChannel("sip:198.19.0.2:5060", 0), "token-1");
        loop.runPending();
        io.peerswitch.wire.pending.PendingItem item = new io.peerswitch.wire.pending.PendingItem("message", "m-1", "bob",
                Instant.parse("2026-11-22T10:00:00Z"));

        server.notify(server.subscribes.getFirst(), Notice.pending(item), "active;expires=100");
        loop.runPending();

        assertThat(pending).containsExactly(item);
        assertThat(assists).isEmpty();
    }

    /** The access server's SIP face, reduced to what the endpoint sees of it. */
    private static final class FakeServer {
        static final String TAG = "server-tag";
        final SipTransport transport;
        final List<SipRequest> subscribes = new ArrayList<>();
        int status = 200;
        private long cseq;

        FakeServer(SipTransport transport) {
            this.transport = transport;
            transport.setListener(event -> {
                if (event instanceof SipEvent.IncomingRequest(SipRequest r, var tx, var source, var t, var auth) && r.method().equals("SUBSCRIBE")) {
                    subscribes.add(r);
                    SipResponse answer = SipResponses.reply(r, status, SipResponses.reasonPhrase(status), TAG);
                    transport.respond(tx.orElseThrow(), status == 200 ? answer.addHeader("Expires", "120") : answer);
                }
            });
        }

        void notify(SipRequest subscribe, Notice notice, String state) {
            cseq++;
            transport.send(new SipRequest("NOTIFY", "sip:alice@198.18.1.1:5060", List.of(), new byte[0])
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", "<sip:198.19.0.2:5060>;tag=" + TAG)
                    .addHeader("To", subscribe.header("From").orElseThrow())
                    .addHeader("Call-ID", subscribe.callId())
                    .addHeader("CSeq", cseq + " NOTIFY")
                    .addHeader("Contact", "<sip:198.19.0.2:5060>")
                    .addHeader("Event", "peerswitch")
                    .addHeader("Subscription-State", state)
                    .withBody(NotificationChannel.CONTENT_TYPE, WireJson.encode(notice)));
        }
    }
}
