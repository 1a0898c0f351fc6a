package io.peerswitch.server.config;

import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.account.EmailAddresses;
import io.peerswitch.wire.account.UserIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting of the access server, read once from {@code META-INF/microprofile-config.properties}
 * and whatever overrides it; invalid or inconsistent values stop the deployment with a clear message.
 */
public record ServerConfig(SessionPolicy sessions, Argon2Parameters argon2, ThrottleLimits accountThrottle,
                           ThrottleLimits addressThrottle, boolean registrationOpen, String adminUser,
                           String adminEmail, Optional<String> adminInitialPassword, Optional<Path> reflectorKeyFile,
                           SipFace sip, StoreLimits store, BuddyPolicy buddies, Redirect redirect) {

    /**
     * The redirect server (FIG. 15): where it listens (UDP and TCP), the digest realm trunks authenticate in,
     * how long a nonce and a Contact grant stay valid, and how many requests per second one source address may send.
     */
    public record Redirect(boolean enabled, String bindAddress, int port, String realm,
                           List<io.peerswitch.wire.sip.DigestAlgorithm> algorithms, Duration nonceLifetime,
                           Duration grantLifetime, int ratePerSecond, int rateBurst, int trunkLockoutFailures,
                           Duration trunkLockoutWindow) {

        public Redirect {
            algorithms = List.copyOf(algorithms);
            if (algorithms.isEmpty() || new java.util.HashSet<>(algorithms).size() != algorithms.size()) {
                throw new IllegalArgumentException("peerswitch.redirect.digest-algorithms must name SHA-256 and/or MD5, each once");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("peerswitch.redirect.port must be 0 to 65535");
            }
            if (!io.peerswitch.wire.nat.TransportAddress.isIpLiteral(bindAddress)) {
                throw new IllegalArgumentException("peerswitch.redirect.address must be an IP address literal, was " + bindAddress);
            }
            if (realm.isEmpty() || realm.length() > 128 || !realm.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("peerswitch.redirect.realm must be 1 to 128 visible ASCII characters without quotes");
            }
            if (nonceLifetime.compareTo(Duration.ofSeconds(10)) < 0 || nonceLifetime.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("peerswitch.redirect.nonce-lifetime must be 10 s to 1 h");
            }
            if (grantLifetime.compareTo(Duration.ofSeconds(5)) < 0 || grantLifetime.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("peerswitch.redirect.grant-lifetime must be 5 s to 1 h");
            }
            if (ratePerSecond < 0 || rateBurst < 0 || (ratePerSecond > 0 && rateBurst < 1)) {
                throw new IllegalArgumentException("peerswitch.redirect.rate-limit.per-second and .burst must not be negative"
                        + " (0 per second: no limit; otherwise a burst of at least 1)");
            }
            if (trunkLockoutFailures < 1 || trunkLockoutWindow.compareTo(Duration.ofSeconds(1)) < 0
                    || trunkLockoutWindow.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("peerswitch.redirect.trunk-lockout.failures must be at least 1 and"
                        + " peerswitch.redirect.trunk-lockout.window 1 s to 1 d");
            }
        }
    }

    /** Buddy requests (FIG. 7): after a denial, a repeat from the same requester is refused this long. */
    public record BuddyPolicy(Duration deniedRetryAfter) {

        public BuddyPolicy {
            if (deniedRetryAfter.isNegative()) {
                throw new IllegalArgumentException("peerswitch.buddies.denied-retry-after must not be negative");
            }
        }
    }

    /** How much store-and-forward keeps per user (claims 15-18). */
    public record StoreLimits(int maxMessagesPerRecipient, int maxVoicemailsPerRecipient, long maxVoicemailBytes,
                              Path voicemailDirectory) {

        public StoreLimits {
            if (maxMessagesPerRecipient < 1 || maxMessagesPerRecipient > 1_000_000) {
                throw new IllegalArgumentException("peerswitch.store.messages.max-per-recipient must be 1 to 1000000");
            }
            if (maxVoicemailsPerRecipient < 1 || maxVoicemailsPerRecipient > 100_000) {
                throw new IllegalArgumentException("peerswitch.store.voicemails.max-per-recipient must be 1 to 100000");
            }
            if (maxVoicemailBytes < 1 || maxVoicemailBytes > 1L << 30) {
                throw new IllegalArgumentException("peerswitch.store.voicemails.max-bytes must be 1 to 1073741824");
            }
        }
    }

    /**
     * The SIP face (FIG. 6: the server's channel to endpoints): whether it runs, where it binds, the address
     * endpoints are told to subscribe to, and how often an endpoint behind a filtering NAT keeps its flow open.
     */
    public record SipFace(boolean enabled, String bindAddress, int port, String advertisedAddress, Duration keepalive) {

        public SipFace {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("peerswitch.sip.port must be 1 to 65535");
            }
            if (keepalive.isNegative() || keepalive.isZero() || keepalive.compareTo(Duration.ofSeconds(3600)) > 0) {
                throw new IllegalArgumentException("peerswitch.sip.keepalive must be positive and at most an hour");
            }
            if (!io.peerswitch.wire.nat.TransportAddress.isIpLiteral(bindAddress)) {
                throw new IllegalArgumentException("peerswitch.sip.address must be an IP address literal, was " + bindAddress);
            }
            if (!io.peerswitch.wire.nat.TransportAddress.isIpLiteral(advertisedAddress)) {
                throw new IllegalArgumentException("peerswitch.sip.advertised-address must be an IP address literal, was "
                        + advertisedAddress);
            }
        }

        /** The URI endpoints subscribe to; its user is the one the server signs as ({@code NotificationChannel.SERVER_USER}). */
        public String uri() {
            return "sip:" + io.peerswitch.wire.session.NotificationChannel.SERVER_USER + "@" + (advertisedAddress.indexOf(':') >= 0 ? "[" + advertisedAddress + "]" : advertisedAddress) + ":" + port;
        }
    }

    /** Lifetimes a session may be granted (RFC 3261 section 10.2.1 style clamping of the requested value). */
    public record SessionPolicy(Duration defaultExpires, Duration minExpires, Duration maxExpires) {

        public SessionPolicy {
            if (minExpires.isNegative() || minExpires.isZero()) {
                throw new IllegalArgumentException("peerswitch.session.min-expires must be positive");
            }
            if (minExpires.compareTo(maxExpires) > 0) {
                throw new IllegalArgumentException("peerswitch.session.min-expires exceeds peerswitch.session.max-expires");
            }
            if (defaultExpires.compareTo(minExpires) < 0 || defaultExpires.compareTo(maxExpires) > 0) {
                throw new IllegalArgumentException("peerswitch.session.default-expires must lie between min-expires and max-expires");
            }
        }

        /** The lifetime granted for a request of {@code requestedSeconds} (or none). */
        public Duration grant(Integer requestedSeconds) {
            if (requestedSeconds == null) {
                return defaultExpires;
            }
            Duration requested = Duration.ofSeconds(requestedSeconds);
            if (requested.compareTo(minExpires) < 0) {
                return minExpires;
            }
            return requested.compareTo(maxExpires) > 0 ? maxExpires : requested;
        }
    }

    /** Cost of Argon2id (RFC 9106 section 3.1): memory in KiB, passes, lanes. */
    public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {

        public Argon2Parameters {
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("peerswitch.password.argon2.parallelism must be 1 to 16");
            }
            if (memoryKib < 8 * parallelism || memoryKib > 4 * 1024 * 1024) {
                throw new IllegalArgumentException("peerswitch.password.argon2.memory-kib must be 8*p to 4194304");
            }
            if (iterations < 1 || iterations > 100) {
                throw new IllegalArgumentException("peerswitch.password.argon2.iterations must be 1 to 100");
            }
        }
    }

    /** At most {@code maxFailures} failed logins per {@code window}. */
    public record ThrottleLimits(int maxFailures, Duration window) {

        public ThrottleLimits {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("a throttle's max-failures must be at least 1");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a throttle's window must be positive");
            }
        }
    }

    /** Builds the configuration from a key lookup (MicroProfile Config in the server, a map in tests). */
    public static ServerConfig from(Function<String, Optional<String>> lookup) {
        Reader r = new Reader(lookup);
        return new ServerConfig(
                new SessionPolicy(
                        r.duration("peerswitch.session.default-expires"),
                        r.duration("peerswitch.session.min-expires"),
                        r.duration("peerswitch.session.max-expires")),
                new Argon2Parameters(
                        r.integer("peerswitch.password.argon2.memory-kib"),
                        r.integer("peerswitch.password.argon2.iterations"),
                        r.integer("peerswitch.password.argon2.parallelism")),
                new ThrottleLimits(
                        r.integer("peerswitch.login.throttle.account.max-failures"),
                        r.duration("peerswitch.login.throttle.account.window")),
                new ThrottleLimits(
                        r.integer("peerswitch.login.throttle.address.max-failures"),
                        r.duration("peerswitch.login.throttle.address.window")),
                r.bool("peerswitch.registration.open"),
                r.userId("peerswitch.admin.user"),
                r.email("peerswitch.admin.email"),
                lookup.apply("peerswitch.admin.initial-password").filter(s -> !s.isBlank()),
                lookup.apply("peerswitch.reflector.key-file").map(String::strip).filter(s -> !s.isEmpty()).map(Path::of),
                sipFace(r, lookup),
                new StoreLimits(r.integer("peerswitch.store.messages.max-per-recipient"),
                        r.integer("peerswitch.store.voicemails.max-per-recipient"),
                        r.integer("peerswitch.store.voicemails.max-bytes"),
                        Path.of(lookup.apply("peerswitch.store.voicemails.dir").map(String::strip).filter(v -> !v.isEmpty())
                                .orElse("voicemail"))),
                new BuddyPolicy(r.duration("peerswitch.buddies.denied-retry-after")),
                redirect(r, lookup));
    }

    private static List<io.peerswitch.wire.sip.DigestAlgorithm> algorithms(String list) {
        List<io.peerswitch.wire.sip.DigestAlgorithm> out = new java.util.ArrayList<>();
        for (String token : list.split(",")) {
            out.add(io.peerswitch.wire.sip.DigestAlgorithm.of(token.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "peerswitch.redirect.digest-algorithms: unknown algorithm " + token.strip() + " (SHA-256 or MD5)")));
        }
        return out;
    }

    private static Redirect redirect(Reader r, Function<String, Optional<String>> lookup) {
        String bind = lookup.apply("peerswitch.redirect.address").map(String::strip).filter(s -> !s.isEmpty())
                .orElse(lookup.apply("peerswitch.sip.address").map(String::strip).filter(s -> !s.isEmpty()).orElse("127.0.0.1"));
        return new Redirect(r.bool("peerswitch.redirect.enabled"), bind, r.integer("peerswitch.redirect.port"),
                r.text("peerswitch.redirect.realm"), algorithms(r.text("peerswitch.redirect.digest-algorithms")),
                r.duration("peerswitch.redirect.nonce-lifetime"),
                r.duration("peerswitch.redirect.grant-lifetime"), r.integer("peerswitch.redirect.rate-limit.per-second"),
                r.integer("peerswitch.redirect.rate-limit.burst"), r.integer("peerswitch.redirect.trunk-lockout.failures"),
                r.duration("peerswitch.redirect.trunk-lockout.window"));
    }

    private static SipFace sipFace(Reader r, Function<String, Optional<String>> lookup) {
        String bind = lookup.apply("peerswitch.sip.address").map(String::strip).filter(s -> !s.isEmpty()).orElse("127.0.0.1");
        String advertised = lookup.apply("peerswitch.sip.advertised-address").map(String::strip).filter(s -> !s.isEmpty())
                .orElse(bind.equals("0.0.0.0") ? "127.0.0.1" : bind);
        return new SipFace(r.bool("peerswitch.sip.enabled"), bind, r.integer("peerswitch.sip.port"), advertised,
                r.duration("peerswitch.sip.keepalive"));
    }

    private record Reader(Function<String, Optional<String>> lookup) {

        String text(String key) {
            return lookup.apply(key).map(String::strip).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
        }

        Duration duration(String key) {
            try {
                return Durations.parse(text(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        String userId(String key) {
            try {
                return UserIds.normalise(text(key), key);
            } catch (InvalidFieldException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        String email(String key) {
            try {
                return EmailAddresses.normalise(text(key), key);
            } catch (InvalidFieldException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }

        int integer(String key) {
            String value = text(key);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + value + "' is not an integer", e);
            }
        }

        boolean bool(String key) {
            String value = text(key);
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
            };
        }
    }
}
