package io.peerswitch.endpoint.routing;

import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.nat.TransportAddress;
import io.peerswitch.wire.routing.RoutingEntry;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each buddy can be reached (FIG. 4: "the routing table contains address information for online
 * members of the buddy list"). Filled from the login answer and updated as buddies announce themselves
 * directly; touched only on the softswitch's loop.
 */
public final class RoutingTable {

    private final Map<String, Map<String, PeerLocation>> byUser = new LinkedHashMap<>();

    /** Replaces everything with the server's table (at login). */
    public void load(List<RoutingEntry> entries) {
        byUser.clear();
        entries.forEach(e -> byUser.computeIfAbsent(e.userId(), k -> new LinkedHashMap<>())
                .put(e.locationId(), PeerLocation.fromServer(e)));
    }

    /**
     * Adds the locations of one user the server named after login (a new buddy, FIG. 7 step 714; an
     * unblocked one); a location already known by its ID stays as it is, with what was heard from it.
     */
    public void add(List<RoutingEntry> entries) {
        entries.forEach(e -> byUser.computeIfAbsent(e.userId(), k -> new LinkedHashMap<>())
                .putIfAbsent(e.locationId(), PeerLocation.fromServer(e)));
    }

    /** The known locations of {@code userId}, most recently heard first. */
    public List<PeerLocation> locations(String userId) {
        List<PeerLocation> list = new ArrayList<>(byUser.getOrDefault(userId, Map.of()).values());
        list.sort((a, b) -> Boolean.compare(b.heardFrom().isPresent(), a.heardFrom().isPresent()));
        return list;
    }

    /** The first location to try for {@code userId}. */
    public Optional<PeerLocation> best(String userId) {
        return locations(userId).stream().findFirst();
    }

    /**
     * Records that {@code userId} reached us directly from {@code source} with SIP contact {@code contact}:
     * the location with that contact or source is updated, or a new one is added (a buddy who logged in
     * after us, FIG. 4 step 410).
     */
    public PeerLocation heard(String userId, String contact, InetSocketAddress source, NatType natType) {
        Map<String, PeerLocation> locations = byUser.computeIfAbsent(userId, k -> new LinkedHashMap<>());
        for (PeerLocation l : locations.values()) {
            boolean sameContact = contact != null && l.contactUri().map(contact::equals).orElse(false);
            boolean sameAddress = l.publicAddress().toSocketAddress().equals(source)
                    || l.heardFrom().map(source::equals).orElse(false);
            if (sameContact || sameAddress) {
                PeerLocation updated = l.heard(contact, source);
                locations.put(l.locationId(), updated);
                return updated;
            }
        }
        PeerLocation added = new PeerLocation(userId, "direct:" + source, TransportAddress.of(source), Optional.empty(),
                natType, Optional.ofNullable(contact), Optional.of(source), Instant.now(), Optional.empty());
        locations.put(added.locationId(), added);
        return added;
    }

    /**
     * The location of {@code userId} at {@code contact} or {@code source} showed {@code credential} as its
     * installation's message key in a request that passed authentication and the buddy check, and the caller
     * checked the credential names that user (docs/security.md, "Messages end to end").
     */
    public void messageKey(String userId, String contact, InetSocketAddress source, String credential) {
        PeerLocation location = heard(userId, contact, source, NatType.UNKNOWN);
        byUser.get(userId).put(location.locationId(), location.withMessageKey(credential));
    }

    /** Forgets the location of {@code userId} reached at {@code contact} or {@code source} (it went offline). */
    public void remove(String userId, String contact, InetSocketAddress source) {
        Map<String, PeerLocation> locations = byUser.get(userId);
        if (locations == null) {
            return;
        }
        locations.values().removeIf(l -> (contact != null && l.contactUri().map(contact::equals).orElse(false))
                || (source != null && (l.heardFrom().map(source::equals).orElse(false)
                || l.publicAddress().toSocketAddress().equals(source))));
        if (locations.isEmpty()) {
            byUser.remove(userId);
        }
    }

    /** Forgets every location of {@code userId}. */
    public void removeAll(String userId) {
        byUser.remove(userId);
    }

    /** Every user with at least one location. */
    public List<String> users() {
        return List.copyOf(byUser.keySet());
    }
}
