package io.peerswitch.reflector;

import io.peerswitch.reflector.stun.StunAddresses;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link ReflectorMain}: where the STUN server of RFC 8489 section 6.3 binds, and the
 * alternate address that gives it the four sockets of RFC 5780 section 6 for NAT behaviour discovery.
 */
record ReflectorOptions(InetSocketAddress stunBind, Optional<InetSocketAddress> stunAlternate) {

    /** The default STUN port, for UDP and TCP (RFC 8489 section 8). */
    static final int DEFAULT_STUN_PORT = 3478;

    /** Loopback unless told otherwise, so that starting the reflector never exposes it by accident. */
    static final String DEFAULT_STUN_BIND = "127.0.0.1:" + DEFAULT_STUN_PORT;

    static final String USAGE = """
            Usage: reflector [--stun-bind HOST:PORT] [--stun-alternate HOST:PORT]
              --stun-bind HOST:PORT       UDP address of the STUN server (default %s);
                                          an IPv6 address goes in brackets, e.g. [::]:3478; port 0 picks a free port
              --stun-alternate HOST:PORT  a second IP address and port of this host: the server then also binds
                                          the two crossed combinations and answers CHANGE-REQUEST, so endpoints
                                          can classify their NAT (RFC 5780); both addresses must be specific
              -h, --help                  print this and exit
            """.formatted(DEFAULT_STUN_BIND);

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
        List<String> known = List.of("--stun-bind", "--stun-alternate");
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
                throw new IllegalArgumentException(name + " needs HOST:PORT");
            } else {
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        InetSocketAddress bind = hostPort(values.getOrDefault("--stun-bind", DEFAULT_STUN_BIND));
        Optional<InetSocketAddress> alternate = Optional.ofNullable(values.get("--stun-alternate")).map(ReflectorOptions::hostPort);
        ReflectorOptions options = new ReflectorOptions(bind, alternate);
        try {
            options.stunAddresses();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--stun-alternate: " + e.getMessage(), e);
        }
        return options;
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
