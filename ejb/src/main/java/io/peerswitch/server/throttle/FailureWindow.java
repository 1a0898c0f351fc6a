package io.peerswitch.server.throttle;

import io.peerswitch.server.config.ServerConfig.ThrottleLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Failed logins counted in a fixed window that opens at the first failure; a pure value with the throttling rule. */
public record FailureWindow(int failures, Instant opened) {

    /** The window after one more failure at {@code now}: a new window once the old one has closed. */
    public static FailureWindow afterFailure(FailureWindow previous, Instant now, ThrottleLimits limits) {
        if (previous == null || !now.isBefore(previous.closes(limits))) {
            return new FailureWindow(1, now);
        }
        return new FailureWindow(previous.failures + 1, previous.opened);
    }

    /** When this window closes. */
    public Instant closes(ThrottleLimits limits) {
        return opened.plus(limits.window());
    }

    /** How long further attempts are refused, or empty when they are allowed at {@code now}. */
    public Optional<Duration> retryAfter(Instant now, ThrottleLimits limits) {
        Instant closes = closes(limits);
        if (failures >= limits.maxFailures() && now.isBefore(closes)) {
            Duration wait = Duration.between(now, closes);
            // Round up: "Retry-After: 0" would invite an immediate retry that is still refused.
            return Optional.of(wait.getNano() == 0 ? wait : Duration.ofSeconds(wait.getSeconds() + 1));
        }
        return Optional.empty();
    }
}
