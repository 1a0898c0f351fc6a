package io.peerswitch.server.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the access server does since it started. The CPU time spent hashing passwords is kept
 * apart so that the deliberate cost of Argon2id can be told from everything else a login costs.
 */
@ApplicationScoped
public class ServerMetrics {

    private final LongAdder registrations = new LongAdder();
    private final LongAdder logins = new LongAdder();
    private final LongAdder failedLogins = new LongAdder();
    private final LongAdder throttledLogins = new LongAdder();
    private final LongAdder keepalives = new LongAdder();
    private final LongAdder logouts = new LongAdder();
    private final LongAdder passwordHashes = new LongAdder();
    private final LongAdder passwordHashCpuNanos = new LongAdder();

    public void registered() {
        registrations.increment();
    }

    public void loggedIn() {
        logins.increment();
    }

    public void loginFailed() {
        failedLogins.increment();
    }

    public void loginThrottled() {
        throttledLogins.increment();
    }

    public void keptAlive() {
        keepalives.increment();
    }

    public void loggedOut() {
        logouts.increment();
    }

    /** One password hash or verification that took {@code cpuNanos} of the calling thread's CPU time. */
    public void passwordHashed(long cpuNanos) {
        passwordHashes.increment();
        passwordHashCpuNanos.add(cpuNanos);
    }

    /** The counters now, with the number of users online supplied by the session table. */
    public MetricsSnapshot snapshot(int onlineUsers) {
        return new MetricsSnapshot(registrations.sum(), logins.sum(), failedLogins.sum(), throttledLogins.sum(),
                keepalives.sum(), logouts.sum(), passwordHashes.sum(), passwordHashCpuNanos.sum(), onlineUsers);
    }

    /** The counters at one moment, as {@code GET /api/v1/admin/metrics} returns them. */
    public record MetricsSnapshot(long registrations, long logins, long failedLogins, long throttledLogins,
                                  long keepalives, long logouts, long passwordHashes, long passwordHashCpuNanos,
                                  int onlineUsers) {
    }
}
