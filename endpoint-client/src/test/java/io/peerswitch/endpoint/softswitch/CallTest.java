package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.call.sdp.Direction;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Call control's INVITE state machine (RFC 3261 sections 13-15, RFC 3264), deterministically. */
class CallTest {

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final Party bob = new Party("bob", "198.18.0.2", loop, network, false);

    @BeforeEach
    void buddies() {
        alice.login(List.of("bob"), List.of(bob));
        bob.login(List.of("alice"), List.of(alice));
    }

    private String dial() {
        String id = alice.calls.dial("bob").join();
        loop.runPending();
        return id;
    }

    private CallView bobsCall() {
        return bob.calls.calls().getLast();
    }

    private String connect() {
        String id = dial();
        bob.calls.answer(bobsCall().id());
        loop.runPending();
        return id;
    }

    @Test
    void aCallIsSetUpAnsweredAndHungUpWithMediaBothWays() {
        String id = dial();
        assertThat(alice.calls.call(id).orElseThrow().state()).isEqualTo(CallState.RINGING);
        assertThat(bobsCall().state()).isEqualTo(CallState.RINGING);
        assertThat(network.responses(180)).hasSize(1);
        assertThat(network.requests("INVITE").getFirst().header("Allow")).as("exactly what the endpoint answers")
                .contains("ACK, BYE, CANCEL, INVITE, MESSAGE, NOTIFY, OPTIONS, SUBSCRIBE");

        bob.calls.answer(bobsCall().id());
        loop.runPending();

        assertThat(alice.calls.call(id).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
        assertThat(bobsCall().state()).isEqualTo(CallState.ACTIVE);
        Party.FakeMedia aliceMedia = alice.media.get(id);
        Party.FakeMedia bobMedia = bob.media.get(bobsCall().id());
        assertThat(aliceMedia.started.remoteRtp().toString()).isEqualTo("198.18.0.2:" + bobMedia.port);
        assertThat(bobMedia.started.remoteRtp().toString()).isEqualTo("198.18.0.1:" + aliceMedia.port);
        assertThat(aliceMedia.started.codec().encodingName()).isEqualTo("PCMU");
        assertThat(aliceMedia.started.telephoneEventPayloadType()).hasValue(101);
        assertThat(network.requests("ACK")).hasSize(1);

        alice.calls.hangup(id);
        loop.runPending();
        assertThat(alice.calls.call(id).orElseThrow().endReason()).isEqualTo("hung up");
        assertThat(bobsCall().endReason()).isEqualTo("hung up by alice");
        assertThat(aliceMedia.closed).isTrue();
        assertThat(bobMedia.closed).isTrue();
        assertThat(network.responses(200).stream().filter(r -> r.cseq().method().equals("BYE"))).hasSize(1);
    }

    @Test
    void anEncryptedCallWhoseDtlsHandshakeFailsIsHungUpAndOneThatSucceedsStays() {
        alice.fingerprint = java.util.Optional.of(io.peerswitch.endpoint.media.dtls.Fingerprint.of(new byte[] {1}));
        bob.fingerprint = java.util.Optional.of(io.peerswitch.endpoint.media.dtls.Fingerprint.of(new byte[] {2}));
        String id = connect();
        Party.FakeMedia aliceMedia = alice.media.get(id);
        Party.FakeMedia bobMedia = bob.media.get(bobsCall().id());
        assertThat(aliceMedia.started.encrypted()).as("DTLS-SRTP agreed").isTrue();
        assertThat(alice.calls.call(id).orElseThrow().encrypted()).isTrue();

        loop.advance(Duration.ofSeconds(5));
        assertThat(alice.calls.call(id).orElseThrow().state()).as("still handshaking: the call waits").isEqualTo(CallState.ACTIVE);

        aliceMedia.failure = "bad_certificate(42)";
        loop.advance(CallControl.SECURITY_CHECK);
        loop.runPending();
        assertThat(alice.calls.call(id).orElseThrow().endReason()).isEqualTo("media encryption failed: bad_certificate(42)");
        assertThat(bobsCall().endReason()).isEqualTo("hung up by alice");

        // A handshake that succeeded: no more checks, the call stays up.
        String second = connect();
        Party.FakeMedia established = alice.media.get(second);
        established.securing = false;
        bob.media.get(bobsCall().id()).securing = false;
        loop.advance(Duration.ofSeconds(60));
        assertThat(alice.calls.call(second).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
        assertThat(bobMedia.closed).isTrue();
    }

    @Test
    void aLostAckIsRecoveredByRetransmittingThe200() {
        dial();
        network.drop(m -> m instanceof SipRequest r && r.method().equals("ACK"));
        bob.calls.answer(bobsCall().id());
        loop.runPending();
        assertThat(bobsCall().state()).isEqualTo(CallState.CONNECTING);

        network.drop(m -> false);
        loop.advance(CallControl.T1);
        assertThat(bobsCall().state()).isEqualTo(CallState.ACTIVE);
        assertThat(network.requests("ACK")).hasSize(2);
    }

    @Test
    void withoutAnyAckTheCalleeHangsUpAfter64T1() {
        dial();
        network.drop(m -> m instanceof SipRequest r && r.method().equals("ACK"));
        bob.calls.answer(bobsCall().id());
        loop.advance(CallControl.T1.multipliedBy(64).plusMillis(1));

        assertThat(bobsCall().state()).isEqualTo(CallState.ENDED);
        assertThat(bobsCall().endReason()).isEqualTo("no ACK from alice");
        long retransmissions = network.responses(200).stream().filter(r -> r.cseq().method().equals("INVITE")).count();
        assertThat(retransmissions).isBetween(9L, 12L); // 500 ms doubling to 4 s within 32 s
    }

    @Test
    void aRejectedCallEndsBusyAndDoNotDisturbRefusesAtOnce() {
        String first = dial();
        bob.calls.reject(bobsCall().id());
        loop.runPending();
        assertThat(alice.calls.call(first).orElseThrow().endReason()).isEqualTo("busy");

        bob.dnd = true;
        String second = dial();
        assertThat(alice.calls.call(second).orElseThrow().endReason()).isEqualTo("busy");
        assertThat(network.responses(486)).hasSize(2);
    }

    @Test
    void oneCallMoreThanTheEndpointTakesIsRefusedBusyAndTheOthersGoOn() {
        Party carol = new Party("carol", "198.18.0.3", loop, network, false);
        carol.login(List.of("bob"), List.of(bob));
        bob.login(List.of("alice", "carol"), List.of(alice, carol));
        for (int i = 0; i < 4; i++) { // Party's limit
            dial();
        }
        assertThat(bob.calls.calls()).hasSize(4).allSatisfy(c -> assertThat(c.state()).isEqualTo(CallState.RINGING));

        String refused = carol.calls.dial("bob").join();
        loop.runPending();
        assertThat(carol.calls.call(refused).orElseThrow().endReason()).isEqualTo("busy");
        assertThat(bob.calls.calls()).hasSize(4);

        bob.calls.answer(bobsCall().id());
        loop.runPending();
        assertThat(bobsCall().state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void anUnansweredCallIsCancelledAtTheNoAnswerTimeout() {
        String id = dial();
        loop.advance(Duration.ofSeconds(30));

        assertThat(alice.calls.call(id).orElseThrow().state()).isEqualTo(CallState.ENDED);
        assertThat(alice.calls.call(id).orElseThrow().endReason()).isEqualTo("no answer");
        assertThat(bobsCall().endReason()).isEqualTo("cancelled by alice");
        assertThat(network.responses(487)).hasSize(1);
    }

    @Test
    void holdAndResumeAreReInvitesWithTheRightDirections() {
        String id = connect();
        alice.calls.hold(id);
        loop.runPending();
        assertThat(alice.calls.call(id).orElseThrow().localHold()).isTrue();
        assertThat(bobsCall().remoteHold()).isTrue();
        assertThat(bob.media.get(bobsCall().id()).updates.getLast().direction()).isEqualTo(Direction.RECVONLY);
        assertThat(alice.media.get(id).updates.getLast().direction()).isEqualTo(Direction.SENDONLY);

        alice.calls.resume(id);
        loop.runPending();
        assertThat(alice.calls.call(id).orElseThrow().localHold()).isFalse();
        assertThat(bobsCall().remoteHold()).isFalse();
        assertThat(network.requests("INVITE")).hasSize(3);
    }

    @Test
    void badOffersGet400Or488AndUnknownDialogs481() {
        String id = dial();
        SipRequest invite = network.requests("INVITE").getFirst();
        bob.calls.hangup(bobsCall().id());
        loop.runPending();
        assertThat(alice.calls.call(id).orElseThrow().endReason()).isEqualTo("busy");

        io.peerswitch.endpoint.sip.SipTransport mallet = network.node(new java.net.InetSocketAddress("198.18.0.1", 5070));
        java.util.List<SipResponse> answers = new java.util.ArrayList<>();
        mallet.setListener(e -> {
            if (e instanceof io.peerswitch.endpoint.sip.SipEvent.IncomingResponse r && r.response().status() >= 200) {
                answers.add(r.response());
            }
        });
        mallet.send(invite.withoutHeader("Via").withHeader("Call-ID", "x1@h")
                .withBody("application/sdp", "v=0\r\nthis is not SDP\r\n".getBytes(StandardCharsets.UTF_8)));
        mallet.send(invite.withoutHeader("Via").withHeader("Call-ID", "x2@h").withBody("application/sdp", ("v=0\r\n"
                + "o=- 1 1 IN IP4 198.18.0.1\r\ns=-\r\nc=IN IP4 198.18.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\n"
                + "a=rtpmap:18 G729/8000\r\n").getBytes(StandardCharsets.UTF_8)));
        mallet.send(new SipRequest("BYE", "sip:bob@198.18.0.2:5060", invite.withoutHeader("Via").headers(), new byte[0])
                .withHeader("Call-ID", "x3@h").withHeader("To", "<sip:bob@example.com>;tag=nosuchdialog")
                .withHeader("CSeq", "2 BYE").withBody(null, new byte[0]));
        loop.runPending();

        assertThat(answers).extracting(SipResponse::status).containsExactly(400, 488, 481);
    }
}
