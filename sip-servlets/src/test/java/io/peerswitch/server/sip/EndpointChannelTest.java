package io.peerswitch.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.server.session.LocationOnline;
import io.peerswitch.server.session.SessionPrincipal;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The server's SIP channel to endpoints (FIG. 6, RFC 6665): subscription rules and the assist of step 618. */
class EndpointChannelTest {

    private static final InetSocketAddress ALICE_FLOW = new InetSocketAddress("198.18.1.1", 40001);
    private static final InetSocketAddress BOB_FLOW = new InetSocketAddress("198.18.2.1", 40002);
    private static final Map<String, SessionPrincipal> TOKENS = Map.of(
            "alice-token", new SessionPrincipal("alice", "loc-alice"),
            "bob-token", new SessionPrincipal("bob", "loc-bob"),
            "alice-phone-token", new SessionPrincipal("alice", "loc-alice-phone"));

    private final FakeChannel sip = new FakeChannel();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    /** The signature check is {@link SignedSubscribersTest}'s; here a test credential in Authorization stands for it. */
    private final EndpointChannel channel = new EndpointChannel(sip, subscribe -> subscribe.header("Authorization")
            .filter(a -> a.startsWith("Bearer ")).map(a -> TOKENS.get(a.substring(7))), message -> message, clock,
            "sip:_peerswitch@198.19.0.2:5060");

    @Test
    void aSubscriptionWithAValidTokenIsAcceptedAndNotifiedOverItsFlow() {
        SipResponse ok = subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Expires")).contains("600");
        assertThat(ok.to().tag()).isPresent();
        assertThat(channel.subscribed("loc-alice")).isTrue();
        SipRequest notify = sip.onlySent();
        assertThat(notify.method()).isEqualTo("NOTIFY");
        assertThat(notify.requestUri()).isEqualTo("sip:alice@198.18.1.1:40001");
        assertThat(notify.header("Event")).contains("peerswitch");
        assertThat(notify.header("Subscription-State")).contains("active;expires=600");
        assertThat(notify.to().tag()).contains("subscriber-tag");
        assertThat(notify.from().tag()).isEqualTo(ok.to().tag());
        assertThat(notify.contentType()).contains(NotificationChannel.CONTENT_TYPE);
        assertThat(notice(notify).kind()).isEqualTo(Notice.SUBSCRIBED);
    }

    @Test
    void theServersNotifiesAndAnswersAreSignedAsTheServer() {
        java.security.KeyPair authority = io.peerswitch.wire.identity.EcKeys.generate();
        FakeChannel signing = new FakeChannel();
        new EndpointChannel(signing, subscribe -> Optional.of(new SessionPrincipal("alice", "loc-alice")),
                new ServerIdentity((user, location, key, until) -> io.peerswitch.wire.identity.LocationCredential.issue(
                        authority.getPrivate(), user, location, key, until), clock), clock, "sip:_peerswitch@198.19.0.2:5060");

        SipResponse ok = signing.deliver(request("SUBSCRIBE", "alice", null, ALICE_FLOW, "peerswitch", 600, null));
        SipRequest notify = signing.onlySent();

        for (io.peerswitch.wire.sip.SipMessage message : List.of(ok, notify)) {
            assertThat(io.peerswitch.wire.identity.SipSignatures.verify(message, text -> io.peerswitch.wire.identity.LocationCredential
                    .verify(text, authority.getPublic(), clock.instant()), clock.instant()))
                    .isInstanceOfSatisfying(io.peerswitch.wire.identity.SipSignatures.Verdict.Verified.class,
                            v -> assertThat(v.credential().userId()).isEqualTo(NotificationChannel.SERVER_USER));
        }
    }

    @Test
    void aGrantedExpiryIsCappedAtTenMinutes() {
        assertThat(subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 86_400).header("Expires")).contains("600");
    }

    @Test
    void anUnauthenticatedSubscribeIsAnswered428AndNothingIsKept() {
        SipResponse unknown = subscribe("alice", "Bearer forged", ALICE_FLOW, "peerswitch", 600);
        SipResponse missing = subscribe("alice", null, ALICE_FLOW, "peerswitch", 600);
        SipResponse basic = subscribe("alice", "Basic YWxpY2U6eA==", ALICE_FLOW, "peerswitch", 600);

        assertThat(List.of(unknown.status(), missing.status(), basic.status())).containsOnly(428);
        assertThat(channel.subscriptions()).isZero();
        assertThat(sip.sent).isEmpty();
    }

    @Test
    void anotherUsersTokenIsForbidden() {
        assertThat(subscribe("bob", "Bearer alice-token", BOB_FLOW, "peerswitch", 600).status()).isEqualTo(403);
        assertThat(channel.subscriptions()).isZero();
    }

    @Test
    void anotherEventPackageIsAnswered489WithTheOneWeHave() {
        SipResponse bad = subscribe("alice", "Bearer alice-token", ALICE_FLOW, "presence", 600);

        assertThat(bad.status()).isEqualTo(489);
        assertThat(bad.header("Allow-Events")).contains("peerswitch");
    }

    @Test
    void methodsOtherThanSubscribeAndOptionsAre405AndOptionsIs200() {
        assertThat(sip.deliver(request("MESSAGE", "alice", null, ALICE_FLOW, null, 0, null)).status()).isEqualTo(405);
        SipResponse options = sip.deliver(request("OPTIONS", "alice", null, ALICE_FLOW, null, 0, null));
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow-Events")).contains("peerswitch");
    }

    @Test
    void aBuddyBehindABlockingNatIsAssistedWhenALocationLogsIn() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        sip.sent.clear();
        RoutingEntry bob = entry("bob", "loc-bob", "198.18.2.1", NatType.FULL_CONE);

        channel.onLocationOnline(new LocationOnline(bob, List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.PORT_RESTRICTED_CONE))));

        SipRequest assist = sip.onlySent();
        assertThat(assist.requestUri()).isEqualTo("sip:alice@198.18.1.1:40001");
        assertThat(assist.cseq().number()).isEqualTo(2);
        Notice notice = notice(assist);
        assertThat(notice.kind()).isEqualTo(Notice.ASSIST);
        assertThat(notice.location()).isEqualTo(bob);
    }

    @Test
    void nobodyIsAssistedWhoseNatLetsPacketsInOrWhoIsTheNewcomerItself() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        subscribe("alice", "Bearer alice-phone-token", new InetSocketAddress("198.18.3.1", 40003), "peerswitch", 600);
        sip.sent.clear();

        channel.onLocationOnline(new LocationOnline(entry("bob", "loc-bob", "198.18.2.1", NatType.SYMMETRIC),
                List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.FULL_CONE))));
        channel.onLocationOnline(new LocationOnline(entry("alice", "loc-alice-phone", "198.18.3.1", NatType.SYMMETRIC),
                List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.SYMMETRIC))));

        assertThat(sip.sent).isEmpty();
    }

    @Test
    void aBuddyThatIsNotSubscribedGetsNoAssist() {
        channel.onLocationOnline(new LocationOnline(entry("bob", "loc-bob", "198.18.2.1", NatType.NO_NAT),
                List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.SYMMETRIC))));

        assertThat(sip.sent).isEmpty();
    }

    @Test
    void anUnrefreshedSubscriptionEndsAtItsExpiry() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 60);
        sip.sent.clear();
        clock.advance(Duration.ofSeconds(61));

        channel.onLocationOnline(new LocationOnline(entry("bob", "loc-bob", "198.18.2.1", NatType.NO_NAT),
                List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.RESTRICTED_CONE))));

        assertThat(sip.sent).isEmpty();
        assertThat(channel.subscriptions()).isZero();
    }

    @Test
    void aRefreshInTheDialogExtendsItAndAStrangeDialogIs481() {
        SipResponse ok = subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 60);
        String serverTag = ok.to().tag().orElseThrow();
        clock.advance(Duration.ofSeconds(50));

        SipResponse refreshed = sip.deliver(request("SUBSCRIBE", "alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 60, serverTag));
        SipResponse strange = sip.deliver(request("SUBSCRIBE", "alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 60, "not-ours"));
        clock.advance(Duration.ofSeconds(50));

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(strange.status()).isEqualTo(481);
        assertThat(channel.subscribed("loc-alice")).isTrue();
    }

    @Test
    void expiresZeroEndsTheSubscriptionWithATerminatedNotify() {
        SipResponse ok = subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        sip.sent.clear();

        SipResponse bye = sip.deliver(request("SUBSCRIBE", "alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 0,
                ok.to().tag().orElseThrow()));

        assertThat(bye.status()).isEqualTo(200);
        assertThat(channel.subscribed("loc-alice")).isFalse();
        assertThat(sip.onlySent().header("Subscription-State")).hasValueSatisfying(s -> assertThat(s).startsWith("terminated"));
    }

    @Test
    void aNotifyTheEndpointRefusesOrNeverAnswersEndsItsSubscription() {
        sip.answer = r -> new ServerSipChannel.Outcome.Answered(new SipResponse(481, "Call/Transaction Does Not Exist", List.of(), new byte[0]));
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        assertThat(channel.subscribed("loc-alice")).isFalse();

        sip.answer = r -> new ServerSipChannel.Outcome.Failed("no answer (RFC 3261 timer F)");
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        assertThat(channel.subscribed("loc-alice")).isFalse();
    }

    @Test
    void aResubscriptionFromANewFlowMovesTheNotifiesThere() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        InetSocketAddress moved = new InetSocketAddress("198.18.1.1", 50000);
        subscribe("alice", "Bearer alice-token", moved, "peerswitch", 600);
        sip.sent.clear();

        channel.onLocationOnline(new LocationOnline(entry("bob", "loc-bob", "198.18.2.1", NatType.NO_NAT),
                List.of(entry("alice", "loc-alice", "198.18.1.1", NatType.SYMMETRIC))));

        assertThat(sip.onlySent().requestUri()).isEqualTo("sip:alice@198.18.1.1:50000");
        assertThat(channel.subscriptions()).isEqualTo(1);
    }

    @Test
    void whatIsStoredForAUserIsAnnouncedToEachOfItsSubscribedLocationsOnly() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        subscribe("alice", "Bearer alice-phone-token", new InetSocketAddress("198.18.3.1", 40003), "peerswitch", 600);
        subscribe("bob", "Bearer bob-token", BOB_FLOW, "peerswitch", 600);
        sip.sent.clear();
        io.peerswitch.wire.pending.PendingItem item = new io.peerswitch.wire.pending.PendingItem("message", "m-1", "bob",
                Instant.parse("2026-11-22T10:00:00Z"));

        channel.onItemStored(List.of("loc-alice", "loc-alice-phone", "loc-alice-tablet-not-subscribed"), item);

        assertThat(sip.sent).extracting(SipRequest::requestUri)
                .containsExactlyInAnyOrder("sip:alice@198.18.1.1:40001", "sip:alice@198.18.3.1:40003");
        assertThat(sip.sent).allSatisfy(n -> {
            assertThat(notice(n).kind()).isEqualTo(Notice.PENDING);
            assertThat(notice(n).item()).isEqualTo(item);
        });
    }

    @Test
    void changedRoutingTablesAreAnnouncedWithTheirVersionToSubscribedLocations() {
        subscribe("alice", "Bearer alice-token", ALICE_FLOW, "peerswitch", 600);
        subscribe("bob", "Bearer bob-token", BOB_FLOW, "peerswitch", 600);
        sip.sent.clear();

        channel.onRoutesChanged(List.of("loc-alice", "loc-not-subscribed"), 42);

        assertThat(sip.onlySent().requestUri()).isEqualTo("sip:alice@198.18.1.1:40001");
        assertThat(notice(sip.onlySent()).kind()).isEqualTo(Notice.ROUTES);
        assertThat(notice(sip.onlySent()).routesVersion()).isEqualTo(42L);
    }

    // ---------------------------------------------------------------- helpers

    private int calls;

    private SipResponse subscribe(String user, String authorization, InetSocketAddress flow, String event, int expires) {
        return sip.deliver(request("SUBSCRIBE", user, authorization, flow, event, expires, null));
    }

    private SipRequest request(String method, String user, String authorization, InetSocketAddress flow, String event, int expires,
                               String toTag) {
        calls++;
        StringBuilder text = new StringBuilder()
                .append(method).append(" sip:198.19.0.2:5060 SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP ").append(flow.getHostString()).append(':').append(flow.getPort())
                .append(";branch=z9hG4bK-test-").append(calls).append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:").append(user).append("@peerswitch.test>;tag=subscriber-tag\r\n")
                .append("To: <sip:").append(user).append("@peerswitch.test>").append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
                .append("Call-ID: call-").append(user).append('-').append(flow.getPort()).append("\r\n")
                .append("CSeq: ").append(calls).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:").append(user).append('@').append(flow.getHostString()).append(':').append(flow.getPort()).append(">\r\n");
        if (event != null) {
            text.append("Event: ").append(event).append("\r\nExpires: ").append(expires).append("\r\n");
        }
        if (authorization != null) {
            text.append("Authorization: ").append(authorization).append("\r\n");
        }
        byte[] bytes = text.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
        if (SipCodec.parse(bytes, 0, bytes.length) instanceof SipParseResult.Parsed(SipRequest r)) {
            return r;
        }
        throw new AssertionError("test request does not parse: " + text);
    }

    private static RoutingEntry entry(String user, String location, String ip, NatType nat) {
        return new RoutingEntry(user, location, new TransportAddress(ip, 40000), new TransportAddress(ip, 40000), nat,
                Instant.parse("2026-11-22T09:00:00Z"), new TransportAddress("198.19.0.10", 3478));
    }

    private static Notice notice(SipRequest notify) {
        try {
            return WireJson.decode(notify.body(), Notice.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A SIP channel in memory: responses kept per request, NOTIFYs answered by {@link #answer}. */
    private static final class FakeChannel implements ServerSipChannel {
        private Consumer<Incoming> handler;
        private SipResponse lastResponse;
        final List<SipRequest> sent = new ArrayList<>();
        java.util.function.Function<SipRequest, Outcome> answer = r -> new Outcome.Answered(new SipResponse(200, "OK", List.of(), new byte[0]));

        SipResponse deliver(SipRequest request) {
            lastResponse = null;
            InetSocketAddress source = new InetSocketAddress(request.vias().getFirst().host(), request.vias().getFirst().port());
            handler.accept(new Incoming(request, source, "UDP", null));
            assertThat(lastResponse).as("a response to " + request.method()).isNotNull();
            return lastResponse;
        }

        SipRequest onlySent() {
            assertThat(sent).hasSize(1);
            return sent.getFirst();
        }

        @Override
        public void onRequest(Consumer<Incoming> handler) {
            this.handler = handler;
        }

        @Override
        public void respond(Incoming incoming, SipResponse response) {
            lastResponse = response;
        }

        @Override
        public void send(SipRequest request, String transport, Consumer<Outcome> outcome) {
            sent.add(request);
            outcome.accept(answer.apply(request));
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("198.19.0.2", 5060);
        }

        @Override
        public void close() {
        }
    }
}
