package io.peerswitch.server.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerswitch.server.support.Configs;
import io.peerswitch.server.support.MutableClock;
import io.peerswitch.server.support.TestCaches;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestCaches caches = new TestCaches();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final LoginThrottle throttle = new LoginThrottle(caches.cache("login-throttle"), Configs.with(Map.of(
            "peerswitch.login.throttle.account.max-failures", "3",
            "peerswitch.login.throttle.account.window", "60s",
            "peerswitch.login.throttle.address.max-failures", "5",
            "peerswitch.login.throttle.address.window", "120s")), clock);

    @AfterEach
    void stop() {
        caches.close();
    }

    @Test
    void refusesAnAccountAfterTooManyFailuresUntilTheWindowCloses() throws Exception {
        for (int i = 0; i < 3; i++) {
            throttle.check("alice", "198.18.0.1");
            throttle.recordFailure("alice", "198.18.0." + (i + 1));
        }
        assertThatThrownBy(() -> throttle.check("alice", "198.18.0.9"))
                .isInstanceOfSatisfying(LoginThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)));

        clock.advance(Duration.ofSeconds(59));
        assertThatThrownBy(() -> throttle.check("alice", "198.18.0.9")).isInstanceOf(LoginThrottledException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> throttle.check("alice", "198.18.0.9")).doesNotThrowAnyException();
    }

    @Test
    void refusesAnAddressThatSpraysManyAccounts() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "198.18.0.1");
        }
        assertThatThrownBy(() -> throttle.check("someone-else", "198.18.0.1")).isInstanceOf(LoginThrottledException.class);
        assertThatCode(() -> throttle.check("someone-else", "198.18.0.2")).doesNotThrowAnyException();
    }

    @Test
    void countsIpv6SourcesPerSlash64() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThatThrownBy(() -> throttle.check("x", "2001:db8:1:2:ffff::1")).isInstanceOf(LoginThrottledException.class);
        assertThatCode(() -> throttle.check("x", "2001:db8:1:3::1")).doesNotThrowAnyException();
    }

    @Test
    void aSuccessForgivesTheAccountButNotTheAddress() throws Exception {
        throttle.recordFailure("alice", "198.18.0.1");
        throttle.recordFailure("alice", "198.18.0.1");
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "198.18.0.1");
        throttle.recordFailure("alice", "198.18.0.1");
        throttle.check("alice", "198.18.0.2");

        throttle.recordFailure("carol", "198.18.0.1");
        assertThatThrownBy(() -> throttle.check("bob", "198.18.0.1")).isInstanceOf(LoginThrottledException.class);
        assertThatCode(() -> throttle.check("alice", "198.18.0.2")).doesNotThrowAnyException();
    }
}
