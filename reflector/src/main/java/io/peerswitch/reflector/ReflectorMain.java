package io.peerswitch.reflector;

import io.peerswitch.reflector.reflect.PacketReflector;
import io.peerswitch.reflector.reflect.RateLimiter;
import io.peerswitch.reflector.reflect.ReflectionHandler;
import io.peerswitch.reflector.reflect.ReplayFilter;
import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.reflector.ReflectorKey;
import io.peerswitch.wire.reflector.ReflectorKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Starts the reflector's STUN server (RFC 8489 section 6.3, FIG. 5 steps 502-504) with the stateless
 * reflector of FIG. 24-25 on its sockets, logs their counters every minute and stops them cleanly on
 * SIGTERM or Ctrl-C.
 */
public final class ReflectorMain {

    /** How often the counters line is logged. */
    static final Duration COUNTERS_INTERVAL = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(ReflectorMain.class.getName());

    private ReflectorMain() {
    }

    /**
     * Runs until SIGTERM or Ctrl-C; exits with 2 on a bad command line or key file and 1 when an address
     * cannot be bound.
     */
    public static void main(String[] args) throws InterruptedException {
        if (ReflectorOptions.wantsHelp(args)) {
            System.out.print(ReflectorOptions.USAGE);
            return;
        }
        ReflectorOptions options;
        try {
            options = ReflectorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("reflector: " + e.getMessage());
            System.err.print(ReflectorOptions.USAGE);
            System.exit(2);
            return;
        }

        Optional<ReflectorKeys> keys;
        try {
            keys = options.keyFile().map(ReflectorOptions::readKeys);
        } catch (IllegalArgumentException e) {
            System.err.println("reflector: " + e.getMessage());
            System.exit(2);
            return;
        }
        options.keyFile().ifPresent(ReflectorMain::warnIfOthersMayRead);
        RateLimiter rates = options.rateLimiter();
        PacketReflector reflector = new PacketReflector(new ReflectionHandler(keys, Clock.systemUTC(), new ReplayFilter(), rates));

        StunServer server;
        try {
            server = StunServer.start(options.stunAddresses(), reflector);
        } catch (IOException e) {
            System.err.println("reflector: cannot bind the STUN server to " + options.stunBind().getHostString() + ":"
                    + options.stunBind().getPort() + options.stunAlternate().map(a -> " and " + a.getHostString() + ":" + a.getPort()).orElse("")
                    + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        LOG.info(() -> "STUN server listening on " + TransportAddress.of(server.localAddress()) + " (UDP)"
                + server.addresses().alternate().map(a -> ", alternate " + TransportAddress.of(a)
                        + " (NAT behaviour discovery, RFC 5780)").orElse(""));
        if (keys.isPresent()) {
            ReflectorKey current = keys.get().current();
            LOG.info(() -> "reflector on the same sockets: " + keys.get().keys().size() + " key(s), current id " + current.id()
                    + " (fingerprint " + current.fingerprint() + "), at most " + rates.packetsPerSecond()
                    + " packets/s per source IP address in bursts of " + rates.burst());
        } else {
            LOG.info("reflector disabled (no --key-file): reflector packets are dropped and counted as unauthenticated");
        }

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("reflector-counters").daemon(true).factory());
        ticker.scheduleAtFixedRate(() -> {
            LOG.info(() -> "STUN counters: " + server.counters());
            LOG.info(() -> "reflector counters: " + reflector.counters());
        }, COUNTERS_INTERVAL.toSeconds(), COUNTERS_INTERVAL.toSeconds(), TimeUnit.SECONDS);

        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("reflector-shutdown").unstarted(() -> {
            ticker.shutdownNow();
            server.close();
            // java.util.logging's own shutdown hook may have closed its handlers already: format the last line
            // as they would and write it where they would.
            for (String line : new String[] {"STUN server stopped; " + server.counters(), "reflector stopped; " + reflector.counters()}) {
                LogRecord stopped = new LogRecord(Level.INFO, line);
                stopped.setLoggerName(LOG.getName());
                System.err.print(new SimpleFormatter().format(stopped));
            }
        }));
        server.awaitTermination();
    }

    /** Logs a warning when users other than the owner may read the key file: its secrets let anyone mint tokens. */
    private static void warnIfOthersMayRead(Path file) {
        Set<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(others);
            if (!permissions.isEmpty()) {
                LOG.warning(() -> "the key file " + file + " is readable by " + permissions
                        + "; its secrets let anyone who reads them issue reflector tokens: chmod 600 it");
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.fine(() -> "cannot check the permissions of " + file + ": " + e);
        }
    }
}
