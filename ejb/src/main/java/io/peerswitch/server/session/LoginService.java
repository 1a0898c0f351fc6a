package io.peerswitch.server.session;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.account.Credentials;
import io.peerswitch.server.account.InvalidCredentialsException;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.identity.DeviceCertificates;
import io.peerswitch.server.metrics.ServerMetrics;
import io.peerswitch.server.profile.ProfileService;
import io.peerswitch.server.store.MessageKeyDirectory;
import io.peerswitch.server.throttle.LoginThrottledException;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.KeepaliveRequest;
import io.peerswitch.wire.session.LoginRequest;
import io.peerswitch.wire.session.LoginResponse;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.session.ProfileSnapshot;
import io.peerswitch.wire.session.ReflectorGrant;
import io.peerswitch.wire.session.SessionInfo;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Login, keepalive and logout of endpoint locations (FIG. 4 steps 402-404, FIG. 5 steps 506-508).
 * A make-and-break exchange: the endpoint authenticates, the server marks the location online in
 * the session table and answers with profile, routing table and pending items, then steps aside.
 */
@Stateless
public class LoginService {

    private static final Logger LOG = Logger.getLogger(LoginService.class.getName());

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private Credentials credentials;

    @Inject
    private SessionTable sessions;

    @Inject
    private ProfileService profiles;

    @Inject
    private ServerConfig config;

    @Inject
    private ServerMetrics metrics;

    @Inject
    private SecureRandom random;

    @Inject
    private Clock clock;

    @Inject
    private ReflectorGrants reflectors;

    @Inject
    private Event<LocationOnline> online;

    @Inject
    private MessageKeyDirectory messageKeys;

    @Inject
    private io.peerswitch.server.identity.UserAuthority authority;

    @Inject
    private DeviceCertificates devices;

    /**
     * How long a message key's certification lasts: beyond the session, since messages stored for an offline
     * user are encrypted to the message keys of its installations (docs/security.md); renewed at each login.
     */
    public static final Duration MESSAGE_KEY_LIFETIME = Duration.ofDays(30);

    /**
     * Authenticates, puts the location online and returns what the endpoint needs to go peer to peer.
     * Another login of the same endpoint installation replaces its earlier location.
     */
    public LoginResponse login(LoginRequest request, String sourceAddress)
            throws InvalidCredentialsException, LoginThrottledException {
        java.security.interfaces.ECPublicKey sessionKey = sessionKey(request.sessionKey());
        Account account = credentials.authenticate(request.userId(), request.password(), sourceAddress);
        Instant now = clock.instant();
        Duration granted = config.sessions().grant(request.expires());
        SessionToken token = SessionToken.issue(account.getUserId(), random);
        Location created = new Location(token.locationId(), account.getUserId(), request.instanceId(),
                request.publicAddress(), request.privateAddress(), request.natType(), sourceAddress,
                request.userAgent(), now, now.plus(granted), token.secretHash(), request.reflector(), request.sessionKey(), null);
        Location certified = sessionKey == null ? created : created.withCertificate(authority.sessionCertificate(
                created.userId(), created.locationId(), sessionKey, now, created.expiresAt()));
        String messageKey = null;
        if (request.messageKey() != null) {
            Instant keyNotAfter = now.plus(MESSAGE_KEY_LIFETIME);
            messageKey = authority.messageKeyCredential(account.getUserId(), request.instanceId(), sessionKey(request.messageKey()),
                    keyNotAfter);
            messageKeys.remember(account, request.instanceId(), messageKey, keyNotAfter);
        }
        Location location = withReach(certified, sourceAddress).withMessageKey(messageKey);
        account.setLastLoginAt(now);
        sessions.add(location, now);
        metrics.loggedIn();
        LOG.fine(() -> "Login " + account.getUserId() + " at " + location.publicAddress() + " (" + location.natType()
                + "), location " + location.locationId() + ", user agent " + location.userAgent());
        ProfileSnapshot snapshot = profiles.snapshot(account, now);
        online.fire(new LocationOnline(location.toRoutingEntry(), snapshot.routingTable()));
        return new LoginResponse(sessionInfo(token.encode(), location, now, sourceAddress, snapshot.routingTable()),
                snapshot.profile(), snapshot.routingTable(), snapshot.pending());
    }

    /** The live location a bearer token belongs to, or {@link SessionNotFoundException}. */
    public SessionPrincipal authenticate(String bearerToken) throws SessionNotFoundException {
        SessionToken token = SessionToken.parse(bearerToken).orElseThrow(SessionNotFoundException::new);
        Location location = sessions.find(token.userId(), token.locationId(), clock.instant())
                .filter(l -> token.matches(l.tokenHash()))
                .orElseThrow(SessionNotFoundException::new);
        return new SessionPrincipal(location.userId(), location.locationId());
    }

    /** Keeps a location online for another granted lifetime and records new addresses if it sent any. */
    public SessionInfo keepalive(SessionPrincipal principal, String bearerToken, KeepaliveRequest request)
            throws SessionNotFoundException {
        Instant now = clock.instant();
        Location current = sessions.find(principal.userId(), principal.locationId(), now)
                .orElseThrow(SessionNotFoundException::new);
        Duration granted = config.sessions().grant(request.expires());
        Location moved = current.refreshed(now.plus(granted), request.publicAddress(), request.privateAddress(),
                request.natType(), request.reflector());
        java.security.interfaces.ECPublicKey key = sessionKey(moved.sessionKey());
        Location certified = key == null ? moved : moved.withCertificate(authority.sessionCertificate(moved.userId(),
                moved.locationId(), key, now, moved.expiresAt()));
        Location refreshed = withReach(certified, certified.observedAddress());
        if (!sessions.replace(refreshed, now)) {
            throw new SessionNotFoundException();
        }
        metrics.keptAlive();
        // Fresh reach tokens of the buddies' locations: those the endpoint holds expire with the sessions they came with.
        return sessionInfo(bearerToken, refreshed, now, refreshed.observedAddress(), profiles.routingTable(principal.userId(), now));
    }

    /** Takes the location offline (FIG. 5: "going offline"); idempotent. */
    public void logout(SessionPrincipal principal) {
        sessions.remove(principal.userId(), principal.locationId(), clock.instant());
        metrics.loggedOut();
        LOG.fine(() -> "Logout " + principal.userId() + ", location " + principal.locationId());
    }

    /** Profile, routing table and pending items again, for a logged-in endpoint that wants a fresh copy. */
    public ProfileSnapshot snapshot(SessionPrincipal principal) {
        Account account = Accounts.byUserId(em, principal.userId())
                .orElseThrow(() -> new IllegalStateException("online user " + principal.userId() + " has no account"));
        return profiles.snapshot(account, clock.instant());
    }

    /** {@code location} with a reach token for the address its reflector token is bound to, valid as long. */
    private Location withReach(Location location, String observed) {
        return location.withReach(reflectors.reach(reflectorBinding(location, observed), location.expiresAt()).orElse(null));
    }

    private SessionInfo sessionInfo(String token, Location location, Instant now, String observed, List<RoutingEntry> buddies) {
        List<String> reach = buddies.stream().map(RoutingEntry::reach).filter(Objects::nonNull)
                .limit(ReflectorGrant.MAX_REACH).toList();
        int expires = (int) Math.max(0, Duration.between(now, location.expiresAt()).toSeconds());
        java.security.interfaces.ECPublicKey key = sessionKey(location.sessionKey());
        String credential = key == null ? null
                : authority.credential(location.userId(), location.locationId(), key, location.expiresAt()).text();
        return new SessionInfo(token, location.locationId(), expires, location.expiresAt(), observed,
                reflectors.grant(reflectorBinding(location, observed), location.expiresAt(), now).map(g -> g.withReach(reach))
                        .orElse(null), notificationChannel(location),
                location.certificate(), authority.certificateBase64(), credential, location.messageKey(),
                devices.revokedFor(location.userId(), now));
    }

    /**
     * The address a reflector token is bound to (docs/reflector.md): the one the server saw the login come
     * from, not the one the endpoint claims, so a token cannot be made for someone else's address; the
     * claimed one only when the server saw none it can use (no IP literal).
     */
    private static TransportAddress reflectorBinding(Location location, String observed) {
        return observed != null && TransportAddress.isIpLiteral(observed)
                ? new TransportAddress(observed, location.publicAddress().port()) : location.publicAddress();
    }

    /** The session key a login sent (base64 SubjectPublicKeyInfo, checked to be P-256 by {@link LoginRequest}); null when none was. */
    private static java.security.interfaces.ECPublicKey sessionKey(String base64) {
        return base64 == null ? null
                : io.peerswitch.wire.identity.EcKeys.fromSpki(io.peerswitch.wire.identity.Der.decode(base64, "sessionKey"));
    }

    /**
     * Where the endpoint subscribes to the server's notices; one behind a NAT that drops unsolicited
     * packets is told to keep its flow open (FIG. 6 step 608).
     */
    private NotificationChannel notificationChannel(Location location) {
        ServerConfig.SipFace sip = config.sip();
        if (!sip.enabled()) {
            return null;
        }
        int keepalive = location.natType().blocksUnsolicited() ? (int) sip.keepalive().toSeconds() : 0;
        return new NotificationChannel(sip.uri(), keepalive);
    }
}
