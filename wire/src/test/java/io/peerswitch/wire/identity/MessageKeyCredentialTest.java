package io.peerswitch.wire.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The authority's certification of an installation's message key (docs/security.md, "Messages end to end"). */
class MessageKeyCredentialTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final KeyPair AUTHORITY = EcKeys.generate();
    private static final ECPublicKey KEY = (ECPublicKey) EcKeys.generate().getPublic();

    @Test
    void itNamesTheUserInstallationAndKeyTheAuthoritySigned() throws Exception {
        String text = MessageKeyCredential.issue(AUTHORITY.getPrivate(), "bob", "bob-desk", KEY, NOW.plusSeconds(60)).text();

        MessageKeyCredential read = MessageKeyCredential.verify(text, AUTHORITY.getPublic(), NOW);

        assertThat(read.userId()).isEqualTo("bob");
        assertThat(read.instanceId()).isEqualTo("bob-desk");
        assertThat(read.key()).isEqualTo(KEY);
        assertThatThrownBy(() -> MessageKeyCredential.verify(text, EcKeys.generate().getPublic(), NOW))
                .isInstanceOf(CertificateProblem.class).hasMessageContaining("not issued by this access server");
        assertThatThrownBy(() -> MessageKeyCredential.verify(text, AUTHORITY.getPublic(), NOW.plusSeconds(3600)))
                .hasMessageContaining("expired");
    }

    @Test
    void aLocationCredentialAndAMessageKeyCredentialNeverPassForEachOther() {
        String location = LocationCredential.issue(AUTHORITY.getPrivate(), "bob", "b1", KEY, NOW.plusSeconds(60)).text();
        String message = MessageKeyCredential.issue(AUTHORITY.getPrivate(), "bob", "b1", KEY, NOW.plusSeconds(60)).text();

        assertThatThrownBy(() -> MessageKeyCredential.verify(location, AUTHORITY.getPublic(), NOW))
                .hasMessageContaining("not issued by this access server");
        assertThatThrownBy(() -> LocationCredential.verify(message, AUTHORITY.getPublic(), NOW))
                .hasMessageContaining("not issued by this access server");
    }
}
