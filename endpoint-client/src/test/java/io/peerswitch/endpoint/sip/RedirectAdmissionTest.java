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

/** An INVITE redirected here by the access server (FIG. 15) is admitted from a non-buddy only with a valid grant for this login. */
class RedirectAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SECRET = "c2VjcmV0LXBhcnQtb2YtYWxpY2VzLXRva2Vu";
    private static final String TOKEN = "ps1.YWxpY2U.loc-1." + SECRET;

    /** The grant the server makes: keyed with the stored hash of the token's secret. */
    private static String grant(String user, String location, Instant expires) throws Exception {
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.US_ASCII)));
        return RedirectGrant.issue(hash, user, location, "pbx-berlin", expires);
    }

    private static SipRequest invite(String uri) {
        return new SipRequest("INVITE", uri, List.of(), new byte[0]);
    }

    @Test
    void aValidGrantAdmitsTheInviteAndNamesTheTrunk() throws Exception {
        SipRequest invite = invite("sip:alice@198.18.0.10:40000;ps-grant=" + grant("alice", "loc-1", NOW.plusSeconds(60)));

        assertThat(RedirectAdmission.trunk(invite, "alice", "loc-1", TOKEN, NOW)).contains("pbx-berlin");
    }

    @Test
    void anExpiredForeignOrMissingGrantAdmitsNothing() throws Exception {
        String valid = grant("alice", "loc-1", NOW.plusSeconds(60));

        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-1", TOKEN,
                NOW.plusSeconds(60))).as("expired").isEmpty();
        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-2", TOKEN, NOW))
                .as("another login's location").isEmpty();
        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000;ps-grant=" + valid), "alice", "loc-1",
                "ps1.YWxpY2U.loc-1.another-secret", NOW)).as("another token").isEmpty();
        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000;ps-grant=" + grant("bob", "loc-1",
                NOW.plusSeconds(60))), "alice", "loc-1", TOKEN, NOW)).as("for another user").isEmpty();
        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000"), "alice", "loc-1", TOKEN, NOW)).isEmpty();
        assertThat(RedirectAdmission.trunk(invite("sip:alice@198.18.0.10:40000;ps-grant=1.x.y"), "alice", "loc-1", TOKEN, NOW))
                .isEmpty();
        assertThat(RedirectAdmission.trunk(new SipRequest("MESSAGE", "sip:alice@198.18.0.10:40000;ps-grant=" + valid, List.of(),
                new byte[0]), "alice", "loc-1", TOKEN, NOW)).as("only INVITE").isEmpty();
    }
}
