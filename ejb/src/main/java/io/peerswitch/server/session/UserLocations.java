package io.peerswitch.server.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value of one session-table entry: every location at which one user is online. Immutable; each
 * change returns a new value, written back atomically by {@link SessionTable}.
 */
public record UserLocations(String userId, List<Location> locations) {

    public UserLocations {
        locations = List.copyOf(locations);
    }

    /** No location yet. */
    public static UserLocations empty(String userId) {
        return new UserLocations(userId, List.of());
    }

    /**
     * Adds {@code location}, replacing an earlier location of the same installation (a re-login from
     * the same endpoint) and dropping locations that expired before {@code now}.
     */
    public UserLocations with(Location location, Instant now) {
        List<Location> next = new ArrayList<>(locations.size() + 1);
        for (Location l : locations) {
            if (l.isLive(now) && !l.instanceId().equals(location.instanceId())) {
                next.add(l);
            }
        }
        next.add(location);
        return new UserLocations(userId, next);
    }

    /** Without the location {@code locationId} and without expired ones. */
    public UserLocations without(String locationId, Instant now) {
        return new UserLocations(userId, locations.stream()
                .filter(l -> l.isLive(now) && !l.locationId().equals(locationId))
                .toList());
    }

    /**
     * With {@code replacement} in place of the live location of the same ID, and without expired
     * ones; unchanged when that location is not (or no longer) here.
     */
    public UserLocations replacing(Location replacement, Instant now) {
        return new UserLocations(userId, locations.stream()
                .filter(l -> l.isLive(now))
                .map(l -> l.locationId().equals(replacement.locationId()) ? replacement : l)
                .toList());
    }

    /** The locations online at {@code now}. */
    public List<Location> live(Instant now) {
        return locations.stream().filter(l -> l.isLive(now)).toList();
    }

    /** The location {@code locationId} if it is online at {@code now}. */
    public Optional<Location> find(String locationId, Instant now) {
        return locations.stream().filter(l -> l.locationId().equals(locationId) && l.isLive(now)).findFirst();
    }

    /** The latest expiry of any location: how long the whole entry must live. */
    public Optional<Instant> latestExpiry() {
        return locations.stream().map(Location::expiresAt).max(Instant::compareTo);
    }
}
