package io.peerswitch.server.throttle;

import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.config.ServerConfig.ThrottleLimits;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.infinispan.Cache;

/**
 * Counts failed logins per account and per source address in the {@code login-throttle} cache and
 * refuses attempts beyond the configured limits; entries vanish with their window.
 */
@ApplicationScoped
public class LoginThrottle {

    @Resource(lookup = "java:jboss/infinispan/cache/peerswitch/login-throttle")
    private Cache<String, FailureWindow> cache;

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    protected LoginThrottle() {
    }

    /** For tests: a throttle over an embedded Infinispan cache. */
    public LoginThrottle(Cache<String, FailureWindow> cache, ServerConfig config, Clock clock) {
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    /** Refuses the attempt when the account or the address has failed too often. */
    public void check(String userId, String sourceAddress) throws LoginThrottledException {
        Instant now = clock.instant();
        Optional<Duration> wait = Stream.of(
                        retryAfter(ThrottleKeys.account(userId), config.accountThrottle(), now),
                        retryAfter(ThrottleKeys.address(sourceAddress), config.addressThrottle(), now))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
        if (wait.isPresent()) {
            throw new LoginThrottledException(wait.get());
        }
    }

    /** Counts one failed attempt against the account and the address. */
    public void recordFailure(String userId, String sourceAddress) {
        Instant now = clock.instant();
        count(ThrottleKeys.account(userId), config.accountThrottle(), now);
        count(ThrottleKeys.address(sourceAddress), config.addressThrottle(), now);
    }

    /** Forgets the account's failures after a successful login (the address keeps its count). */
    public void recordSuccess(String userId) {
        cache.remove(ThrottleKeys.account(userId));
    }

    private Optional<Duration> retryAfter(String key, ThrottleLimits limits, Instant now) {
        FailureWindow window = cache.get(key);
        return window == null ? Optional.empty() : window.retryAfter(now, limits);
    }

    private void count(String key, ThrottleLimits limits, Instant now) {
        while (true) {
            FailureWindow old = cache.get(key);
            FailureWindow next = FailureWindow.afterFailure(old, now, limits);
            long lifespan = Math.max(1, Duration.between(now, next.closes(limits)).toMillis());
            boolean written = old == null
                    ? cache.putIfAbsent(key, next, lifespan, TimeUnit.MILLISECONDS) == null
                    : cache.replace(key, old, next, lifespan, TimeUnit.MILLISECONDS);
            if (written) {
                return;
            }
        }
    }
}
