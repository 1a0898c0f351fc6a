package io.peerswitch.server.sip;

import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.session.LocationOnline;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Starts and stops the access server's SIP face with the application (FIG. 6): the JAIN-SIP stack behind
 * {@link ServerSipChannel} and the {@link EndpointChannel} on it. A bean-managed singleton: the stack has
 * its own threads and the channel is thread-safe, so the container need not serialize calls.
 */
@Singleton
@Startup
@jakarta.ejb.ConcurrencyManagement(jakarta.ejb.ConcurrencyManagementType.BEAN)
public class SipFace {

    private static final Logger LOG = Logger.getLogger(SipFace.class.getName());

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private io.peerswitch.server.session.SessionTable sessions;

    @Inject
    private io.peerswitch.server.identity.UserAuthority authority;

    private volatile ServerSipChannel channel;
    private volatile EndpointChannel endpoints;

    @PostConstruct
    void start() {
        ServerConfig.SipFace sip = config.sip();
        if (!sip.enabled()) {
            LOG.info("SIP face off (peerswitch.sip.enabled=false): endpoints get no notification channel");
            return;
        }
        try {
            channel = JainSipServerChannel.start(sip.bindAddress(), sip.port());
        } catch (IOException e) {
            throw new UncheckedIOException("the SIP face cannot start on " + sip.bindAddress() + ":" + sip.port()
                    + " (peerswitch.sip.address, peerswitch.sip.port): " + e.getMessage(), e);
        }
        SignedSubscribers subscribers = new SignedSubscribers(authority.publicKey(),
                (user, location) -> sessions.find(user, location, clock.instant()).isPresent(), clock);
        ServerIdentity identity = new ServerIdentity(authority::credential, clock);
        endpoints = new EndpointChannel(channel, subscribers, identity, clock, sip.uri());
        LOG.info(() -> "SIP face listening on " + sip.bindAddress() + ":" + sip.port() + " (UDP, TCP); endpoints subscribe to "
                + sip.uri());
    }

    /** Assists the buddies of a location that just logged in (FIG. 6 step 618), once its login is committed. */
    public void onLocationOnline(@Observes(during = TransactionPhase.AFTER_SUCCESS) LocationOnline event) {
        EndpointChannel e = endpoints;
        if (e != null) {
            e.onLocationOnline(event);
        }
    }

    /** Tells the recipient's subscribed locations that something was stored for it, once that is committed. */
    public void onItemStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) io.peerswitch.server.store.ItemStored event) {
        EndpointChannel e = endpoints;
        if (e != null) {
            e.onItemStored(sessions.live(event.recipientId(), clock.instant()).stream()
                    .map(io.peerswitch.server.session.Location::locationId).toList(), event.item());
        }
    }

    /** Tells the online endpoints of users whose external routing tables changed, once that is committed (FIG. 14 step 1410). */
    public void onRoutesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) io.peerswitch.server.route.RoutesChanged event) {
        EndpointChannel e = endpoints;
        if (e != null) {
            java.time.Instant now = clock.instant();
            e.onRoutesChanged(event.userIds().stream().flatMap(u -> sessions.live(u, now).stream())
                    .map(io.peerswitch.server.session.Location::locationId).toList(), event.version());
        }
    }

    /** Subscriptions that were not refreshed end (RFC 6665 section 4.2.2). */
    @Schedule(minute = "*", hour = "*", persistent = false)
    void purge() {
        EndpointChannel e = endpoints;
        if (e != null) {
            e.purge();
        }
    }

    /** How many endpoints are subscribed (for metrics and tests). */
    public int subscriptions() {
        EndpointChannel e = endpoints;
        return e == null ? 0 : e.subscriptions();
    }

    @PreDestroy
    void stop() {
        ServerSipChannel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
