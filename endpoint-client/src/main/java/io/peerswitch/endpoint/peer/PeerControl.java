package io.peerswitch.endpoint.peer;

import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The buddy list and each buddy's reachability (FIG. 5 steps 510-514): loaded from the profile at login,
 * then moved by what the buddies themselves say or fail to say. Touched only on the softswitch's loop.
 */
public final class PeerControl {

    private final Map<String, BuddyView> buddies = new LinkedHashMap<>();
    /** Who may open sessions, readable from any thread (the SIP transport checks it before the loop sees a request). */
    private volatile java.util.Set<String> accepted = java.util.Set.of();
    private final List<Consumer<BuddyView>> listeners = new ArrayList<>();

    /** Loads the buddy list of the login answer: online buddies blue, the others red. */
    public void load(Profile profile) {
        buddies.clear();
        for (Buddy b : profile.buddies()) {
            BuddyView view = new BuddyView(b.userId(), b.displayName(), b.relation(),
                    b.online() ? Reachability.ONLINE : Reachability.OFFLINE, b.status(), null);
            buddies.put(b.userId(), view);
            notifyListeners(view);
        }
        recomputeAccepted();
    }

    /**
     * Adds a buddy or changes its relation after login (FIG. 7-9: a request made, granted, a block or an
     * unblock): the server's entry {@code b}. A buddy that stays accepted keeps its reachability; one that
     * is not accepted (pending, blocked) shows as offline, since no presence goes between us.
     */
    public void put(Buddy b) {
        BuddyView current = buddies.get(b.userId());
        String displayName = b.displayName() != null ? b.displayName() : current == null ? null : current.displayName();
        boolean keep = current != null && current.accepted() && b.relation() == RelationState.ACCEPTED && b.online();
        BuddyView next = keep ? new BuddyView(b.userId(), displayName, b.relation(), current.reachability(), current.status(), current.note())
                : new BuddyView(b.userId(), displayName, b.relation(),
                        b.online() && b.relation() == RelationState.ACCEPTED ? Reachability.ONLINE : Reachability.OFFLINE,
                        b.relation() == RelationState.ACCEPTED ? b.status() : null, null);
        buddies.put(b.userId(), next);
        recomputeAccepted();
        if (!next.equals(current)) {
            notifyListeners(next);
        }
    }

    /** Takes {@code userId} off the buddy list (a deletion, FIG. 7 text); true when it was on it. */
    public boolean remove(String userId) {
        boolean removed = buddies.remove(userId) != null;
        recomputeAccepted();
        return removed;
    }

    private void recomputeAccepted() {
        accepted = buddies.values().stream().filter(BuddyView::accepted).map(BuddyView::userId)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Calls {@code listener} with every buddy whose view changes. */
    public void onChange(Consumer<BuddyView> listener) {
        listeners.add(listener);
    }

    /** Whether {@code userId} is a buddy who accepted us, the only kind that may open a session (claim 1). */
    public boolean isAcceptedBuddy(String userId) {
        return accepted.contains(userId);
    }

    /** The buddy {@code userId}. */
    public Optional<BuddyView> buddy(String userId) {
        return Optional.ofNullable(buddies.get(userId));
    }

    /** Every buddy, in the profile's order. */
    public List<BuddyView> buddies() {
        return List.copyOf(buddies.values());
    }

    /** The buddy answered or announced itself directly: green, with the status it reports. */
    public void confirmed(String userId, PresenceStatus status, String note) {
        update(userId, b -> b.with(Reachability.CONFIRMED).with(status == null ? b.status() : status, note));
    }

    /** The buddy's presence changed (it is still reachable). */
    public void status(String userId, PresenceStatus status, String note) {
        update(userId, b -> b.with(status, note));
    }

    /** No answer within the timeout (FIG. 5 step 512): an online buddy becomes unreachable. */
    public void unreachable(String userId) {
        update(userId, b -> b.reachability() == Reachability.ONLINE ? b.with(Reachability.UNREACHABLE) : b);
    }

    /** The buddy went offline. */
    public void offline(String userId) {
        update(userId, b -> b.with(Reachability.OFFLINE).with((PresenceStatus) null, null));
    }

    private void update(String userId, java.util.function.UnaryOperator<BuddyView> change) {
        BuddyView current = buddies.get(userId);
        if (current == null) {
            return;
        }
        BuddyView next = change.apply(current);
        if (!next.equals(current)) {
            buddies.put(userId, next);
            notifyListeners(next);
        }
    }

    private void notifyListeners(BuddyView view) {
        listeners.forEach(l -> l.accept(view));
    }
}
