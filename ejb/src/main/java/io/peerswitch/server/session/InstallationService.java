package io.peerswitch.server.session;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.store.MessageKeyDirectory;
import io.peerswitch.wire.session.Installation;
import io.peerswitch.wire.session.Installations;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A user's endpoint installations (docs/security.md, "A lost or stolen installation"): which ones the server keeps a
 * message key for and which are online, and revoking one — its message key forgotten, so nothing more is sealed for
 * it, and its live sessions ended, so it can renew no credential.
 */
@Stateless
public class InstallationService {

    private static final Logger LOG = Logger.getLogger(InstallationService.class.getName());

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private SessionTable sessions;

    @Inject
    private MessageKeyDirectory messageKeys;

    @Inject
    private Clock clock;

    public InstallationService() {
    }

    /** For tests: the service over a plain entity manager and session table. */
    public InstallationService(EntityManager em, SessionTable sessions, MessageKeyDirectory messageKeys, Clock clock) {
        this.em = em;
        this.sessions = sessions;
        this.messageKeys = messageKeys;
        this.clock = clock;
    }

    /** The installations of {@code userId}: those with a message key (newest first), then those only online. */
    public Installations of(String userId) {
        Account account = account(userId);
        Instant now = clock.instant();
        Map<String, Location> online = new LinkedHashMap<>();
        sessions.live(userId, now).forEach(l -> online.put(l.instanceId(), l));
        List<Installation> all = new ArrayList<>();
        messageKeys.installations(account).forEach((instance, until) -> {
            Location live = online.remove(instance);
            all.add(new Installation(instance, until, live != null, live == null ? null : live.userAgent()));
        });
        online.forEach((instance, live) -> all.add(new Installation(instance, null, true, live.userAgent())));
        return new Installations(all);
    }

    /** Revokes {@code userId}'s installation {@code instanceId}: forgets its message key and ends its live sessions. */
    public void revoke(String userId, String instanceId) throws InstallationNotFoundException {
        Account account = account(userId);
        Instant now = clock.instant();
        boolean key = messageKeys.forget(account, instanceId);
        List<Location> live = sessions.live(userId, now).stream().filter(l -> l.instanceId().equals(instanceId)).toList();
        live.forEach(l -> sessions.remove(userId, l.locationId(), now));
        if (!key && live.isEmpty()) {
            throw new InstallationNotFoundException(instanceId);
        }
        LOG.info(() -> "installation " + instanceId + " of " + userId + " revoked: message key " + (key ? "forgotten" : "none")
                + ", " + live.size() + " session(s) ended");
    }

    private Account account(String userId) {
        return Accounts.byUserId(em, userId).orElseThrow(() -> new IllegalStateException("no account " + userId));
    }
}
