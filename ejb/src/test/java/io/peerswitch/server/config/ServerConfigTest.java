package io.peerswitch.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.support.Configs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void readsTheShippedDefaults() {
        ServerConfig config = Configs.defaults();

        assertThat(config.sessions().defaultExpires()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.argon2().memoryKib()).isEqualTo(19456);
        assertThat(config.accountThrottle().maxFailures()).isEqualTo(5);
        assertThat(config.registrationOpen()).isTrue();
        assertThat(config.adminInitialPassword()).isEmpty();
        assertThat(config.sip().enabled()).isTrue();
        assertThat(config.sip().port()).isEqualTo(5060);
        assertThat(config.sip().uri()).isEqualTo("sip:_peerswitch@127.0.0.1:5060");
        assertThat(config.sip().keepalive()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void clampsTheRequestedSessionLifetimeLikeSipExpires() {
        ServerConfig.SessionPolicy sessions = Configs.defaults().sessions();

        assertThat(sessions.grant(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(sessions.grant(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(sessions.grant(600)).isEqualTo(Duration.ofMinutes(10));
        assertThat(sessions.grant(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void acceptsShortDurationForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void namesTheKeyOfAnInvalidValue() {
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.session.min-expires", "soon")))
                .hasMessageContaining("peerswitch.session.min-expires");
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.session.min-expires", "2h")))
                .hasMessageContaining("max-expires");
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.registration.open", "maybe")))
                .hasMessageContaining("peerswitch.registration.open");
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.password.argon2.memory-kib", "1")))
                .hasMessageContaining("memory-kib");
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.sip.port", "70000"))).hasMessageContaining("peerswitch.sip.port");
        assertThatThrownBy(() -> Configs.with(Map.of("peerswitch.sip.address", "sip.example.com")))
                .hasMessageContaining("peerswitch.sip.address");
    }
}
