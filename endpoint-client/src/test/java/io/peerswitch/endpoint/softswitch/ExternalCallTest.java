package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.call.CallControl;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.endpoint.sip.SipTransport;
import io.peerswitch.wire.sip.DigestAlgorithm;
import io.peerswitch.wire.sip.DigestChallenge;
import io.peerswitch.wire.sip.DigestCredentials;
import io.peerswitch.wire.sip.DigestParseResult;
import io.peerswitch.wire.sip.Digests;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponses;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FIG. 13 step 1308: an INVITE straight to a gateway, its 401/407 challenge answered once with the route's credentials. */
class ExternalCallTest {

    private static final String REALM = "gw.example.com";
    private static final InetSocketAddress GATEWAY = new InetSocketAddress("198.18.0.50", 5060);

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final List<SipRequest> received = new ArrayList<>();

    /** A gateway that challenges (401 or 407) and then declines a correctly authenticated INVITE with 603. */
    private void gateway(int challenge) {
        SipTransport gw = network.node(GATEWAY);
        String header = challenge == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        String answerHeader = challenge == 401 ? "Authorization" : "Proxy-Authorization";
        gw.setListener(event -> {
            if (!(event instanceof SipEvent.IncomingRequest(SipRequest request, var tx, var source, var transport, var auth))
                    || !request.method().equals("INVITE")) {
                return;
            }
            received.add(request);
            boolean valid = request.header(answerHeader).map(DigestCredentials::parse)
                    .filter(r -> r instanceof DigestParseResult.Parsed)
                    .map(r -> ((DigestParseResult.Parsed) r).credentials())
                    .map(c -> Digests.verify(DigestAlgorithm.of(c.algorithm()).orElseThrow(),
                            Digests.ha1(DigestAlgorithm.MD5, "peerswitch", REALM, "gw-secret"), c, "INVITE"))
                    .orElse(false);
            gw.respond(tx.orElseThrow(), valid ? SipResponses.reply(request, 603, null, "gw")
                    : SipResponses.reply(request, challenge, null, "gw")
                    .addHeader(header, new DigestChallenge(REALM, "nonce-" + received.size(), null, DigestAlgorithm.MD5, false).format()));
        });
    }

    private CallView dial(CallControl.Credentials credentials) {
        alice.login(List.of(), List.of());
        String id = alice.calls.dialExternal("+4930123", "sip:+4930123@198.18.0.50:5060", credentials).join();
        loop.runPending();
        return alice.calls.call(id).orElseThrow();
    }

    @Test
    void aProxyChallengeIsAnsweredOnceWithTheRoutesCredentials() {
        gateway(407);

        CallView call = dial(new CallControl.Credentials("peerswitch", "gw-secret"));

        assertThat(received).hasSize(2);
        assertThat(received.get(0).requestUri()).isEqualTo("sip:+4930123@198.18.0.50:5060");
        assertThat(received.get(1).cseq().number()).isEqualTo(2);
        assertThat(received.get(1).callId()).isEqualTo(received.get(0).callId());
        assertThat(received.get(1).from().tag()).isEqualTo(received.get(0).from().tag());
        assertThat(received.get(1).header("Proxy-Authorization")).hasValueSatisfying(v -> assertThat(v)
                .contains("username=\"peerswitch\"", "realm=\"gw.example.com\"", "nonce=\"nonce-1\"", "algorithm=MD5"));
        assertThat(call.state()).isEqualTo(CallState.ENDED);
        assertThat(call.endReason()).isEqualTo("declined");
        assertThat(call.peer()).isEqualTo("+4930123");
    }

    @Test
    void aWwwChallengeIsAnsweredWithAuthorization() {
        gateway(401);

        dial(new CallControl.Credentials("peerswitch", "gw-secret"));

        assertThat(received).hasSize(2);
        assertThat(received.get(1).header("Authorization")).isPresent();
    }

    @Test
    void wrongOrNoCredentialsEndTheCallAfterOneAttempt() {
        gateway(407);

        CallView wrong = dial(new CallControl.Credentials("peerswitch", "guess"));
        assertThat(received).as("one answer to the challenge, no loop").hasSize(2);
        assertThat(wrong.endReason()).isEqualTo("authentication failed at the gateway (407)");

        received.clear();
        CallView none = dial(null);
        assertThat(received).hasSize(1);
        assertThat(none.state()).isEqualTo(CallState.ENDED);
    }
}
