package io.peerswitch.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SessionTokenTest {

    @Test
    void parsesWhatItEncodes() {
        SessionToken token = SessionToken.issue("alice.smith", new SecureRandom());

        SessionToken parsed = SessionToken.parse(token.encode()).orElseThrow();

        assertThat(parsed).isEqualTo(token);
        assertThat(parsed.matches(token.secretHash())).isTrue();
        assertThat(token.encode()).startsWith("ps1.").doesNotContain("alice");
        assertThat(token.toString()).doesNotContain(token.secret());
    }

    @Test
    void refusesAnotherSecret() {
        SecureRandom random = new SecureRandom();
        SessionToken token = SessionToken.issue("alice", random);
        SessionToken forged = new SessionToken("alice", token.locationId(), SessionToken.issue("alice", random).secret());

        assertThat(forged.matches(token.secretHash())).isFalse();
    }

    @Test
    void parsesNothingMalformed() {
        assertThat(SessionToken.parse(null)).isEmpty();
        assertThat(SessionToken.parse("")).isEmpty();
        assertThat(SessionToken.parse("ps1.YWxpY2U.loc")).isEmpty();
        assertThat(SessionToken.parse("ps2.YWxpY2U.loc.secret")).isEmpty();
        assertThat(SessionToken.parse("ps1.YWxpY2U.lo c.secret")).isEmpty();
        assertThat(SessionToken.parse("ps1.YWxpY2U.loc.secret.extra")).isEmpty();
        assertThat(SessionToken.parse("ps1.%%%.loc.secret")).isEmpty();
        assertThat(SessionToken.parse("ps1." + "A".repeat(300) + ".loc.secret")).isEmpty();
    }
}
