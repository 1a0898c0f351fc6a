package io.peerswitch.server.sip;

import io.peerswitch.server.account.AccountService;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.session.Location;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.server.sip.redirect.Nonces;
import io.peerswitch.server.sip.redirect.RedirectDirectory;
import io.peerswitch.server.sip.redirect.RedirectPolicy;
import io.peerswitch.server.sip.redirect.RedirectServer;
import io.peerswitch.server.sip.redirect.SourceRateLimit;
import io.peerswitch.server.sip.redirect.TrunkGuessLimit;
import io.peerswitch.server.trunk.TrunkCredentials;
import io.peerswitch.server.trunk.TrunkService;
import io.peerswitch.server.trunk.TrunksChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts and stops the redirect server with the application (FIG. 15) and feeds it: trunks from the
 * database (reloaded after each committed change, and every minute), online locations from the session
 * table, account existence for 404 versus 480.
 */
@Singleton
@Startup
@DependsOn("peerswitch-ejb.jar#SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RedirectFace {

    private static final Logger LOG = Logger.getLogger(RedirectFace.class.getName());

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private SessionTable sessions;

    @EJB
    private TrunkService trunks;

    @EJB
    private AccountService accounts;

    private volatile Map<String, TrunkCredentials> byName = Map.of();
    private volatile List<TrunkCredentials> ipTrunks = List.of();
    private volatile RedirectServer server;

    @PostConstruct
    void start() {
        ServerConfig.Redirect redirect = config.redirect();
        if (!redirect.enabled()) {
            LOG.info("redirect server off (peerswitch.redirect.enabled=false)");
            return;
        }
        reload();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        RedirectPolicy policy = new RedirectPolicy(new Directory(), new Nonces(key, redirect.nonceLifetime()),
                redirect.realm(), redirect.algorithms(), redirect.grantLifetime(),
                new TrunkGuessLimit(redirect.trunkLockoutFailures(), redirect.trunkLockoutWindow()));
        try {
            server = RedirectServer.start(policy, new SourceRateLimit(redirect.ratePerSecond(), redirect.rateBurst()), clock,
                    redirect.bindAddress(), redirect.port());
        } catch (IOException e) {
            throw new UncheckedIOException("the redirect server cannot start on " + redirect.bindAddress() + ":"
                    + redirect.port() + " (peerswitch.redirect.address, peerswitch.redirect.port): " + e.getMessage(), e);
        }
        LOG.info(() -> "redirect server listening on " + server.localAddress() + " (UDP, TCP), realm \"" + redirect.realm()
                + "\", digest " + redirect.algorithms() + ", " + byName.size() + " trunk(s)");
    }

    /**
     * Reloads the trunks once a change is committed, before the administrator's request returns, so the next
     * INVITE meets the change; in a transaction of its own, as the changing one has ended.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void onTrunksChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) TrunksChanged event) {
        reload();
    }

    /** Reloads the trunks every minute too (another node of a cluster may have changed them). */
    @Schedule(minute = "*", hour = "*", persistent = false)
    void refresh() {
        reload();
        RedirectServer s = server;
        if (s != null) {
            LOG.fine(() -> "redirect server: " + s.stats());
        }
    }

    private void reload() {
        List<TrunkCredentials> all = trunks.credentials();
        String realm = config.redirect().realm();
        for (TrunkCredentials t : all) {
            if (!t.realm().equals(realm)) {
                LOG.warning(() -> "trunk " + t.name() + " was provisioned for realm \"" + t.realm() + "\", not \"" + realm
                        + "\": set its password again");
            }
        }
        byName = all.stream().collect(Collectors.toUnmodifiableMap(TrunkCredentials::name, Function.identity()));
        ipTrunks = all.stream().filter(t -> t.enabled() && !t.addresses().isEmpty()).toList();
    }

    /** Where the redirect server listens, when it runs. */
    public Optional<InetSocketAddress> address() {
        RedirectServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.localAddress());
    }

    /** Its counters, when it runs. */
    public Optional<RedirectServer.Stats> stats() {
        RedirectServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.stats());
    }

    @PreDestroy
    void stop() {
        RedirectServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The lookups, on the redirect server's thread: trunks from memory, locations from the Infinispan session table. */
    private final class Directory implements RedirectDirectory {

        @Override
        public Optional<TrunkCredentials> trunk(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public Optional<TrunkCredentials> trunkAt(java.net.InetAddress source) {
            for (TrunkCredentials t : ipTrunks) {
                if (t.trusts(source)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }

        @Override
        public Reach locate(String userId, Instant now) {
            List<Location> live = sessions.live(userId, now);
            if (!live.isEmpty()) {
                return new Reach.Online(live.stream()
                        .map(l -> new Target(l.locationId(), l.publicAddress(), l.tokenHash())).toList());
            }
            return accounts.exists(userId) ? new Reach.Offline() : new Reach.Unknown();
        }
    }
}
