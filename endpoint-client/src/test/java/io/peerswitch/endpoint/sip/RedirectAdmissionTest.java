package io.peerswitch.endpoint.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.wire.session.RedirectGrant;
import io.peerswitch.wire.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An INVITE redirected here by the access server (FIG. 15) is admitted from a non-buddy only with a valid grant for
 * this login and this caller, once: the attacks are a replayed grant and a grant carried into another call.
 */
class RedirectAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SECRET = "c2VjcmV0LXBhcnQtb2YtYWxpY2VzLXRva2Vu";
    private static final String TOKEN = "ps1.YWxpY2U.loc-1." + SECRET;

    private static final RedirectGrant.Caller CALLER = new RedirectGrant.Caller("call-1@pbx", "pbx-tag-1");

    /** The grant the server makes for the redirected INVITE of {@link #CALLER}: keyed with the stored hash of the token's secret. */
    private static String grant(String user, String location, Instant expires) throws Exception {
        return grant(user, location, CALLER, expires);
    }

    private static String grant(String user, String location, RedirectGrant.Caller caller, Instant expires) throws Exception {
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.US_ASCII)));
        return RedirectGrant.issue(hash, user, location, "pbx-berlin", caller, expires);
    }

    private static SipRequest invite(String uri) {
        return invite("INVITE", uri, CALLER, "z9hG4bK-1", 1);
    }

    /** A request to {@code uri} as the redirected caller sends it: Via branch, From tag, Call-ID and CSeq. */
    private static SipRequest invite(String method, String uri, RedirectGrant.Caller caller, String branch, long cseq) {
        return new SipRequest(method, uri, List.of(), new byte[0])
                .addHeader("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=" + branch)
                .addHeader("From", "<sip:4930123@pbx.example.com>;tag=" + caller.fromTag())
                .addHeader("To", "<sip:alice@198.18.0.10>")
                .addHeader("Call-ID", caller.callId())
                .addHeader("CSeq", cseq + " " + method);
    }

    private final RedirectAdmission admission = new RedirectAdmission();

    @Test
    void aValidGrantAdmitsTheInviteAndNamesTheTrunk() throws Exception {
        SipRequest invite = invite("sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", NOW.plusSeconds(60)));

        assertThat(admission.admit(invite, "alice", "loc-1", TOKEN, NOW)).contains("pbx-berlin");
    }

    @Test
    void aGrantAdmitsItsCallerOnceAndItsRetransmissionsButNoReplay() throws Exception {
        String uri = "sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", NOW.plusSeconds(60));

        assertThat(admission.admit(invite("INVITE", uri, CALLER, "z9hG4bK-1", 2), "alice", "loc-1", TOKEN, NOW))
                .as("the original").contains("pbx-berlin");
        assertThat(admission.admit(invite("INVITE", uri, CALLER, "z9hG4bK-1", 2), "alice", "loc-1", TOKEN, NOW.plusSeconds(1)))
                .as("its retransmission (RFC 3261 section 17.2.3)").contains("pbx-berlin");
        assertThat(admission.admit(invite("INVITE", uri, CALLER, "z9hG4bK-2", 3), "alice", "loc-1", TOKEN, NOW.plusSeconds(2)))
                .as("a replay: same caller, new transaction").isEmpty();
        assertThat(admission.replays()).isEqualTo(1);
    }

    @Test
    void aGrantAdmitsNoOtherCaller() throws Exception {
        String uri = "sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", NOW.plusSeconds(60));

        assertThat(admission.admit(invite("INVITE", uri, new RedirectGrant.Caller("another-call@evil", "pbx-tag-1"), "z9hG4bK-9", 1),
                "alice", "loc-1", TOKEN, NOW)).as("another Call-ID").isEmpty();
        assertThat(admission.admit(invite("INVITE", uri, new RedirectGrant.Caller("call-1@pbx", "other-tag"), "z9hG4bK-9", 1),
                "alice", "loc-1", TOKEN, NOW)).as("another From tag").isEmpty();
        assertThat(admission.admit(invite("INVITE", uri, CALLER, "z9hG4bK-1", 1), "alice", "loc-1", TOKEN, NOW))
                .as("the caller it was issued to, still unused").contains("pbx-berlin");
    }

    @Test
    void usedGrantsAreBoundedAndForgottenOnceExpired() throws Exception {
        for (int i = 0; i < RedirectAdmission.MAX_USED; i++) {
            RedirectGrant.Caller caller = new RedirectGrant.Caller("call-" + i, "t");
            String uri = "sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", caller, NOW.plusSeconds(60));
            assertThat(admission.admit(invite("INVITE", uri, caller, "z9hG4bK-" + i, 1), "alice", "loc-1", TOKEN, NOW)).isPresent();
        }
        RedirectGrant.Caller late = new RedirectGrant.Caller("call-late", "t");
        String early = "sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", late, NOW.plusSeconds(60));
        String fresh = "sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", late, NOW.plusSeconds(120));

        assertThat(admission.admit(invite("INVITE", early, late, "z9hG4bK-late", 1), "alice", "loc-1", TOKEN, NOW.plusSeconds(1)))
                .as("full of unexpired grants: refused, never a forgotten one replayable").isEmpty();
        assertThat(admission.refusedFull()).isEqualTo(1);
        assertThat(admission.admit(invite("INVITE", fresh, late, "z9hG4bK-late", 1), "alice", "loc-1", TOKEN, NOW.plusSeconds(60)))
                .as("the expired ones are forgotten").isPresent();
        assertThat(admission.size()).isEqualTo(1);
    }

    @Test
    void anExpiredForeignOrMissingGrantAdmitsNothing() throws Exception {
        String valid = grant("alice", "loc-1", NOW.plusSeconds(60));

        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-1", TOKEN,
                NOW.plusSeconds(60))).as("expired").isEmpty();
        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-2", TOKEN, NOW))
                .as("another login's location").isEmpty();
        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-1",
                "ps1.YWxpY2U.loc-1.another-secret", NOW)).as("another token").isEmpty();
        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000;ps-grant=" + grant("bob", "loc-1",
                NOW.plusSeconds(60))), "alice", "loc-1", TOKEN, NOW)).as("for another user").isEmpty();
        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000"), "alice", "loc-1", TOKEN, NOW)).isEmpty();
        assertThat(admission.admit(invite("sip:alice@198.18.0.10:40000;ps-grant=1.x.y"), "alice", "loc-1", TOKEN, NOW))
                .isEmpty();
        assertThat(admission.admit(invite("MESSAGE", "sip:alice@198.18.0.10:40000;ps-grant=" + valid, CALLER, "z9hG4bK-1", 1),
                "alice", "loc-1", TOKEN, NOW)).as("only INVITE").isEmpty();
    }
}
