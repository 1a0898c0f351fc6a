package io.peerswitch.server.profile;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.buddy.BuddyService;
import io.peerswitch.server.session.Location;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.server.store.MessageStore;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.Profile;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.ProfileSnapshot;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a user's profile and routing table. A buddy shows as online, and its locations enter the
 * routing table, only while both sides have accepted the relation (FIG. 4: "buddies are endpoints
 * that have both previously agreed to communicate") and the session table holds a live location.
 */
@Stateless
public class ProfileService {

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private SessionTable sessions;

    public ProfileService() {
    }

    /** For tests: a service over a plain entity manager and session table. */
    public ProfileService(EntityManager em, SessionTable sessions) {
        this.em = em;
        this.sessions = sessions;
    }

    /**
     * The routing table of {@code userId} as of {@code now} (FIG. 5 step 508): the live locations of its mutual
     * accepted buddies, no profile around it; what a keepalive refreshes the reach tokens from.
     */
    public List<RoutingEntry> routingTable(String userId, Instant now) {
        List<String> buddies = em.createQuery("""
                        select b.userId from BuddyRelation r join r.buddy b, BuddyRelation back
                        where r.owner.userId = :me and r.state = :accepted
                        and back.owner = b and back.buddy = r.owner and back.state = :accepted
                        order by b.userId""", String.class)
                .setParameter("me", userId)
                .setParameter("accepted", RelationState.ACCEPTED)
                .getResultList();
        List<RoutingEntry> routing = new ArrayList<>();
        for (String buddy : buddies) {
            sessions.live(buddy, now).forEach(l -> routing.add(l.toRoutingEntry()));
        }
        return routing;
    }

    /** Profile, routing table and pending items of {@code account} as of {@code now}. */
    public ProfileSnapshot snapshot(Account account, Instant now) {
        List<Object[]> rows = em.createQuery("""
                        select r.state, b.userId, b.displayName, b.status, back.state
                        from BuddyRelation r join r.buddy b
                        left join BuddyRelation back on back.owner = b and back.buddy = r.owner
                        where r.owner = :me
                        order by b.userId""", Object[].class)
                .setParameter("me", account)
                .getResultList();
        List<Buddy> buddies = new ArrayList<>(rows.size());
        List<RoutingEntry> routing = new ArrayList<>();
        for (Object[] row : rows) {
            RelationState mine = (RelationState) row[0];
            String buddyId = (String) row[1];
            String displayName = row[2] == null ? buddyId : (String) row[2];
            PresenceStatus status = (PresenceStatus) row[3];
            boolean mutual = mine == RelationState.ACCEPTED && row[4] == RelationState.ACCEPTED;
            List<Location> online = mutual ? sessions.live(buddyId, now) : List.of();
            online.forEach(l -> routing.add(l.toRoutingEntry()));
            buddies.add(new Buddy(buddyId, displayName, mine, !online.isEmpty(), status));
        }
        List<String> plans = io.peerswitch.server.subscription.Subscriptions.activePlans(em, account, now);
        Profile profile = new Profile(account.getUserId(), account.getDisplayName(), account.getEmail(),
                account.getStatus(), account.getNote(), plans, buddies);
        List<io.peerswitch.wire.pending.PendingItem> pending = new ArrayList<>(BuddyService.pending(em, account));
        pending.addAll(MessageStore.pending(em, account));
        pending.addAll(io.peerswitch.server.store.VoicemailStore.pending(em, account));
        pending.sort(java.util.Comparator.comparing(io.peerswitch.wire.pending.PendingItem::createdAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        return new ProfileSnapshot(profile, routing, pending);
    }
}
