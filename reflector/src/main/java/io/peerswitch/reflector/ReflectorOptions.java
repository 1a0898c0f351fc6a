package io.peerswitch.reflector;

import io.peerswitch.reflector.reflect.RateLimiter;
import io.peerswitch.reflector.stun.StunAddresses;
import io.peerswitch.wire.reflector.ReflectorKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link ReflectorMain}: where the STUN server of RFC 8489 section 6.3 binds, the
 * alternate address that gives it the four sockets of RFC 5780 section 6 for NAT behaviour discovery, and
 * the key file and rate of the stateless reflector of FIG. 24-25 on the same sockets.
 *
 * @param keyFile   the reflector's keys, shared with the access server; without them no packet is reflected
 * @param rateLimit packets per second the reflector forwards for one source IP address (the burst is twice that)
 */
record ReflectorOptions(InetSocketAddress stunBind, Optional<InetSocketAddress> stunAlternate, Optional<Path> keyFile,
                        long rateLimit) {

    /** The default STUN port, for UDP and TCP (RFC 8489 section 8). */
    static final int DEFAULT_STUN_PORT = 3478;

    /** Loopback unless told otherwise, so that starting the reflector never exposes it by accident. */
    static final String DEFAULT_STUN_BIND = "127.0.0.1:" + DEFAULT_STUN_PORT;

    static final String USAGE = """
            Usage: reflector [--stun-bind HOST:PORT] [--stun-alternate HOST:PORT] [--key-file PATH] [--rate-limit PPS]
              --stun-bind HOST:PORT       UDP address of the STUN server (default %s);
                                          an IPv6 address goes in brackets, e.g. [::]:3478; port 0 picks a free port
              --stun-alternate HOST:PORT  a second IP address and port of this host: the server then also binds
                                          the two crossed combinations and answers CHANGE-REQUEST, so endpoints
                                          can classify their NAT (RFC 5780); both addresses must be specific
              --key-file PATH             the reflector keys shared with the access server (lines 'ID BASE64-SECRET');
                                          with them the STUN sockets also reflect packets for logged-in endpoints,
                                          without them reflector packets are dropped as unauthenticated
              --rate-limit PPS            packets per second reflected for one source IP address, bursts of twice
                                          that (default %d)
              -h, --help                  print this and exit
            """.formatted(DEFAULT_STUN_BIND, RateLimiter.DEFAULT_PACKETS_PER_SECOND);

    /** The STUN server's addresses these options describe. */
    StunAddresses stunAddresses() {
        return new StunAddresses(stunBind, stunAlternate);
    }

    /** Whether {@code args} ask for the usage text instead. */
    static boolean wantsHelp(String... args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code args}; throws {@link IllegalArgumentException} saying what is wrong. */
    static ReflectorOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        List<String> known = List.of("--stun-bind", "--stun-alternate", "--key-file", "--rate-limit");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs " + switch (name) {
                    case "--key-file" -> "PATH";
                    case "--rate-limit" -> "PPS";
                    default -> "HOST:PORT";
                });
            } else {
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        InetSocketAddress bind = hostPort(values.getOrDefault("--stun-bind", DEFAULT_STUN_BIND));
        Optional<InetSocketAddress> alternate = Optional.ofNullable(values.get("--stun-alternate")).map(ReflectorOptions::hostPort);
        Optional<Path> keyFile = Optional.ofNullable(values.get("--key-file")).map(ReflectorOptions::path);
        long rateLimit = Optional.ofNullable(values.get("--rate-limit")).map(ReflectorOptions::rate)
                .orElse(RateLimiter.DEFAULT_PACKETS_PER_SECOND);
        ReflectorOptions options = new ReflectorOptions(bind, alternate, keyFile, rateLimit);
        try {
            options.stunAddresses();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stun-alternate: " + e.getMessage(), e);
        }
        return options;
    }

    /** The rate limiter these options describe: {@link #rateLimit()} per second, bursts of twice that. */
    RateLimiter rateLimiter() {
        return new RateLimiter(rateLimit, 2 * rateLimit);
    }

    /**
     * Reads the key file; throws {@link IllegalArgumentException} naming the file, and the line when the
     * problem is in one.
     */
    static ReflectorKeys readKeys(Path file) {
        try {
            return ReflectorKeys.read(file);
        } catch (IOException e) {
            String why = switch (e) {
                case NoSuchFileException missing -> "no such file";
                case AccessDeniedException denied -> "permission denied";
                case CharacterCodingException notText -> "not UTF-8 text";
                default -> e.toString();
            };
            throw new IllegalArgumentException("--key-file: cannot read " + file + ": " + why, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-file " + e.getMessage(), e);
        }
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("--key-file needs PATH");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--key-file: '" + text + "' is not a path");
        }
    }

    private static long rate(String text) {
        long rate;
        try {
            rate = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate-limit: '" + text + "' is not a whole number of packets per second");
        }
        if (rate < 1 || rate > RateLimiter.MAX_PACKETS_PER_SECOND / 2) {
            throw new IllegalArgumentException("--rate-limit must be 1 to " + RateLimiter.MAX_PACKETS_PER_SECOND / 2 + " packets per second");
        }
        return rate;
    }

    /** {@code host:port}, {@code [ipv6]:port}; a host name is resolved once, here. */
    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:3478");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + text + "': port must be 0 to 65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("'" + text + "': cannot resolve " + host);
        }
        return address;
    }
}
