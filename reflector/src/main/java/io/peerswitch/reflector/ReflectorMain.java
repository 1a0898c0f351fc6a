package io.peerswitch.reflector;

import io.peerswitch.reflector.stun.StunServer;
import io.peerswitch.wire.nat.TransportAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Starts the reflector's STUN server (RFC 8489 section 6.3, FIG. 5 steps 502-504), logs its counters
 * every minute and stops it cleanly on SIGTERM or Ctrl-C.
 */
public final class ReflectorMain {

    /** How often the counters line is logged. */
    static final Duration COUNTERS_INTERVAL = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(ReflectorMain.class.getName());

    private ReflectorMain() {
    }

    /** Runs until SIGTERM or Ctrl-C; exits with 2 on a bad command line and 1 when the address cannot be bound. */
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

        StunServer server;
        try {
            server = StunServer.start(options.stunAddresses());
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

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("reflector-counters").daemon(true).factory());
        ticker.scheduleAtFixedRate(() -> LOG.info(() -> "STUN counters: " + server.counters()),
                COUNTERS_INTERVAL.toSeconds(), COUNTERS_INTERVAL.toSeconds(), TimeUnit.SECONDS);

        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("reflector-shutdown").unstarted(() -> {
            ticker.shutdownNow();
            server.close();
            // java.util.logging's own shutdown hook may have closed its handlers already: format the last line
            // as they would and write it where they would.
            LogRecord stopped = new LogRecord(Level.INFO, "STUN server stopped; " + server.counters());
            stopped.setLoggerName(LOG.getName());
            System.err.print(new SimpleFormatter().format(stopped));
        }));
        server.awaitTermination();
    }
}
