package io.peerswitch.server.session;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.infinispan.Cache;

/**
 * The session table of FIG. 4 in the Infinispan cache {@code peerswitch/sessions}: one entry per
 * online user holding all of that user's locations. Entries expire with their last location, so a
 * silent endpoint drops out without anyone removing it; every change is a compare-and-set, so
 * concurrent logins of one user from several endpoints never lose each other.
 */
@ApplicationScoped
public class SessionTable {

    @Resource(lookup = "java:jboss/infinispan/cache/peerswitch/sessions")
    private Cache<String, UserLocations> cache;

    protected SessionTable() {
    }

    /** For tests: a session table over an embedded Infinispan cache. */
    public SessionTable(Cache<String, UserLocations> cache) {
        this.cache = cache;
    }

    /** Puts {@code location} online, replacing an earlier location of the same endpoint installation. */
    public void add(Location location, Instant now) {
        update(location.userId(), now, current -> current.with(location, now));
    }

    /** Takes the location {@code locationId} of {@code userId} offline (logout); a no-op when it is gone already. */
    public void remove(String userId, String locationId, Instant now) {
        update(userId, now, current -> current.without(locationId, now));
    }

    /**
     * Replaces a live location (keepalive); false when the location has gone. A logout racing with
     * the keepalive wins: {@link UserLocations#replacing} never brings back a removed location.
     */
    public boolean replace(Location refreshed, Instant now) {
        if (find(refreshed.userId(), refreshed.locationId(), now).isEmpty()) {
            return false;
        }
        update(refreshed.userId(), now, current -> current.replacing(refreshed, now));
        return true;
    }

    /** The locations at which {@code userId} is online at {@code now}. */
    public List<Location> live(String userId, Instant now) {
        UserLocations entry = cache.get(userId);
        return entry == null ? List.of() : entry.live(now);
    }

    /** The live location {@code locationId} of {@code userId}. */
    public Optional<Location> find(String userId, String locationId, Instant now) {
        UserLocations entry = cache.get(userId);
        return entry == null ? Optional.empty() : entry.find(locationId, now);
    }

    /** How many users have at least one entry (expired ones may count until the reaper runs). */
    public int onlineUsers() {
        return cache.size();
    }

    private void update(String userId, Instant now, UnaryOperator<UserLocations> change) {
        while (true) {
            UserLocations old = cache.get(userId);
            UserLocations next = change.apply(old == null ? UserLocations.empty(userId) : old);
            Optional<Instant> expiry = next.latestExpiry().filter(now::isBefore);
            boolean written;
            if (expiry.isEmpty()) {
                written = old == null || cache.remove(userId, old);
            } else {
                long lifespan = Math.max(1, Duration.between(now, expiry.get()).toMillis());
                written = old == null
                        ? cache.putIfAbsent(userId, next, lifespan, TimeUnit.MILLISECONDS) == null
                        : cache.replace(userId, old, next, lifespan, TimeUnit.MILLISECONDS);
            }
            if (written) {
                return;
            }
        }
    }
}
