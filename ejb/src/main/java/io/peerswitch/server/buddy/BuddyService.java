package io.peerswitch.server.buddy;

import io.peerswitch.server.account.Account;
import io.peerswitch.server.account.Accounts;
import io.peerswitch.server.config.ServerConfig;
import io.peerswitch.server.session.Location;
import io.peerswitch.server.session.SessionTable;
import io.peerswitch.server.store.ItemStored;
import io.peerswitch.wire.buddy.BuddyChange;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.buddy.BuddyRequestCreated;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Buddy list operations (FIG. 7-9): the server records each one first. A user's locations go only to mutual
 * accepted buddies (docs/security.md, "Who sees a user's locations"): an answer names where the other user is
 * online only when the relation is accepted on both sides after the operation (a grant, an unblock that
 * restores it), never to a requester, a blocker or a stranger. A request reaches its target through the server:
 * held, announced to the target's subscribed locations at once (the pending NOTIFY, {@link ItemStored}) and at
 * its next login; the target's answer updates both profiles and deletes the request; a denial is remembered so
 * that a repeat is refused for {@code peerswitch.buddies.denied-retry-after}. Deletion is bilateral.
 */
@Stateless
public class BuddyService {

    private static final Logger LOG = Logger.getLogger(BuddyService.class.getName());
    /** The kind of a buddy request among a login's pending items. */
    public static final String KIND = "buddy-request";

    @PersistenceContext(unitName = "peerswitch")
    private EntityManager em;

    @Inject
    private SessionTable sessions;

    @Inject
    private ServerConfig config;

    @Inject
    private Clock clock;

    @Inject
    private Event<ItemStored> stored;

    public BuddyService() {
    }

    /** For tests: a service over a plain entity manager and session table. */
    public BuddyService(EntityManager em, SessionTable sessions, ServerConfig config, Clock clock) {
        this.em = em;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    /** A request and whether this call made it (false: the same open request existed). */
    public record Requested(BuddyRequestCreated answer, boolean created) {
    }

    /** {@code requesterId} asks {@code create.to()} to become buddies (FIG. 7 step 710, FIG. 8 step 806). */
    public Requested request(String requesterId, BuddyRequestCreate create) throws BuddyException {
        Instant now = clock.instant();
        Account requester = account(requesterId);
        Account target = account(create.to().toLowerCase(Locale.ROOT));
        if (requester.getId().equals(target.getId())) {
            throw BuddyException.conflict("already-buddies", "you cannot be your own buddy");
        }
        Optional<BuddyRelation> mine = relation(requester, target);
        Optional<BuddyRelation> theirs = relation(target, requester);
        if (theirs.map(r -> r.getState() == RelationState.BLOCKED).orElse(false)) {
            throw BuddyException.notAllowed(target.getUserId());
        }
        if (mine.map(r -> r.getState() == RelationState.ACCEPTED).orElse(false)
                && theirs.map(r -> r.getState() == RelationState.ACCEPTED).orElse(false)) {
            throw BuddyException.conflict("already-buddies", target.getUserId() + " is your buddy already");
        }
        if (record(target, requester).filter(r -> r.getState() == BuddyRequestRecord.State.OPEN).isPresent()) {
            throw BuddyException.conflict("request-exists", target.getUserId() + " has asked you already: answer that request");
        }
        Optional<BuddyRequestRecord> earlier = record(requester, target);
        BuddyRequestRecord request;
        boolean created = true;
        if (earlier.isPresent() && earlier.get().getState() == BuddyRequestRecord.State.OPEN) {
            request = earlier.get();
            created = false;
        } else if (earlier.isPresent()) {
            Instant again = earlier.get().getAnsweredAt().plus(config.buddies().deniedRetryAfter());
            if (now.isBefore(again)) {
                throw BuddyException.refusedRecently(target.getUserId(), Duration.between(now, again));
            }
            request = earlier.get();
            request.reopen(create.note(), now);
        } else {
            request = new BuddyRequestRecord(UUID.randomUUID().toString(), requester, target, create.note(), now);
            em.persist(request);
        }
        if (mine.isPresent()) {
            mine.get().setState(RelationState.PENDING, now);
        } else {
            em.persist(new BuddyRelation(requester, target, RelationState.PENDING, now));
        }
        em.flush();
        LOG.fine(() -> "buddy request " + request.getId() + " from " + requesterId + " to " + target.getUserId());
        if (created && stored != null) {
            stored.fire(new ItemStored(target.getUserId(), new PendingItem(KIND, request.getId(), requester.getUserId(),
                    request.getCreatedAt())));
        }
        // Never the target's locations: a requester is no buddy yet (the request goes through the server).
        return new Requested(new BuddyRequestCreated(toWire(request), List.of()), created);
    }

    /** The requests waiting for {@code targetId}'s answer, oldest first (no locations: the requester is no buddy of the target). */
    public List<BuddyRequest> incoming(String targetId) throws BuddyException {
        Account target = account(targetId);
        return em.createQuery("""
                        select r from BuddyRequestRecord r join fetch r.requester join fetch r.target
                        where r.target = :t and r.state = :open order by r.createdAt, r.id""", BuddyRequestRecord.class)
                .setParameter("t", target).setParameter("open", BuddyRequestRecord.State.OPEN)
                .getResultStream().map(BuddyService::toWire).toList();
    }

    /** One open request, for its requester or its target. */
    public BuddyRequest get(String callerId, String id) throws BuddyException {
        BuddyRequestRecord r = open(id);
        if (!r.getTarget().getUserId().equals(callerId) && !r.getRequester().getUserId().equals(callerId)) {
            throw BuddyException.notFound("no buddy request " + id);
        }
        return toWire(r);
    }

    /**
     * The target answers (FIG. 7 step 720, FIG. 8 step 818, FIG. 9 step 918): a grant makes both buddies and
     * names the requester's locations, a denial is remembered and names none; either way the held request is gone.
     */
    public BuddyChange answer(String targetId, String id, boolean grant) throws BuddyException {
        Instant now = clock.instant();
        BuddyRequestRecord r = open(id);
        if (!r.getTarget().getUserId().equals(targetId)) {
            throw BuddyException.notFound("no buddy request " + id + " to you");
        }
        Account requester = r.getRequester();
        Account target = r.getTarget();
        if (grant) {
            set(requester, target, RelationState.ACCEPTED, now);
            set(target, requester, RelationState.ACCEPTED, now);
            em.remove(r);
        } else {
            relation(requester, target).filter(rel -> rel.getState() == RelationState.PENDING).ifPresent(em::remove);
            r.deny(now);
        }
        em.flush();
        LOG.fine(() -> targetId + (grant ? " granted " : " denied ") + "the buddy request of " + requester.getUserId());
        return new BuddyChange(requester.getUserId(), grant ? RelationState.ACCEPTED : null,
                grant ? locations(requester, now) : List.of());
    }

    /** The requester takes its open request back. */
    public void withdraw(String requesterId, String id) throws BuddyException {
        BuddyRequestRecord r = open(id);
        if (!r.getRequester().getUserId().equals(requesterId)) {
            throw BuddyException.notFound("no buddy request " + id + " of yours");
        }
        relation(r.getRequester(), r.getTarget()).filter(rel -> rel.getState() == RelationState.PENDING).ifPresent(em::remove);
        em.remove(r);
    }

    /**
     * Deletes a buddy on both sides at once (bilateral: the other's list changes too, even while it is online);
     * no locations, as they are no buddies any more (the endpoint tells the ones it knew).
     */
    public BuddyChange delete(String ownerId, String otherId) throws BuddyException {
        Account owner = account(ownerId);
        Account other = account(otherId.toLowerCase(Locale.ROOT));
        Optional<BuddyRelation> mine = relation(owner, other);
        if (mine.isEmpty()) {
            throw BuddyException.notFound(other.getUserId() + " is not on your buddy list");
        }
        em.remove(mine.get());
        relation(other, owner).ifPresent(em::remove);
        record(owner, other).ifPresent(em::remove);
        record(other, owner).ifPresent(em::remove);
        em.flush();
        return new BuddyChange(other.getUserId(), null, List.of());
    }

    /**
     * Blocks a user, a buddy or a stranger who asked: it no longer sees the owner online, nor may it ask again;
     * no locations (a blocker is no mutual buddy).
     */
    public BuddyChange block(String ownerId, String otherId) throws BuddyException {
        Instant now = clock.instant();
        Account owner = account(ownerId);
        Account other = account(otherId.toLowerCase(Locale.ROOT));
        if (owner.getId().equals(other.getId())) {
            throw BuddyException.conflict("not-allowed", "you cannot block yourself");
        }
        set(owner, other, RelationState.BLOCKED, now);
        record(other, owner).filter(r -> r.getState() == BuddyRequestRecord.State.OPEN).ifPresent(em::remove);
        return new BuddyChange(other.getUserId(), RelationState.BLOCKED, List.of());
    }

    /**
     * Lifts a block: the relation is accepted again from the owner's side when the other had accepted it, and
     * then (mutual and accepted) the answer names the other's locations; a blocked stranger is simply forgotten,
     * and the answer names none.
     */
    public BuddyChange unblock(String ownerId, String otherId) throws BuddyException {
        Instant now = clock.instant();
        Account owner = account(ownerId);
        Account other = account(otherId.toLowerCase(Locale.ROOT));
        BuddyRelation mine = relation(owner, other)
                .orElseThrow(() -> BuddyException.notFound(other.getUserId() + " is not on your buddy list"));
        if (mine.getState() != RelationState.BLOCKED) {
            throw BuddyException.conflict("not-blocked", other.getUserId() + " is not blocked");
        }
        if (relation(other, owner).map(r -> r.getState() != RelationState.ACCEPTED).orElse(true)) {
            em.remove(mine);
            return new BuddyChange(other.getUserId(), null, List.of());
        }
        mine.setState(RelationState.ACCEPTED, now);
        return new BuddyChange(other.getUserId(), RelationState.ACCEPTED, locations(other, now));
    }

    /** What a login announces (FIG. 8 step 814): one pending item per open request to {@code target}. */
    public static List<PendingItem> pending(EntityManager em, Account target) {
        return em.createQuery("""
                        select r.id, q.userId, r.createdAt from BuddyRequestRecord r join r.requester q
                        where r.target = :t and r.state = :open order by r.createdAt, r.id""", Object[].class)
                .setParameter("t", target).setParameter("open", BuddyRequestRecord.State.OPEN)
                .getResultStream()
                .map(row -> new PendingItem(KIND, (String) row[0], (String) row[1], (Instant) row[2]))
                .toList();
    }

    /** A request as the wire has it: never with the requester's locations (the target is no buddy of the requester). */
    private static BuddyRequest toWire(BuddyRequestRecord r) {
        return new BuddyRequest(r.getId(), r.getRequester().getUserId(), r.getTarget().getUserId(), r.getNote(), r.getCreatedAt(),
                List.of());
    }

    private List<RoutingEntry> locations(Account account, Instant now) {
        return sessions.live(account.getUserId(), now).stream().map(Location::toRoutingEntry).toList();
    }

    private Account account(String userId) throws BuddyException {
        Optional<Account> account = Accounts.byUserId(em, userId);
        if (account.isEmpty()) {
            throw BuddyException.unknownUser(userId);
        }
        return account.get();
    }

    private BuddyRequestRecord open(String id) throws BuddyException {
        BuddyRequestRecord r = id == null || id.length() > 36 ? null : em.find(BuddyRequestRecord.class, id);
        if (r == null || r.getState() != BuddyRequestRecord.State.OPEN) {
            throw BuddyException.notFound("no buddy request " + id);
        }
        return r;
    }

    private Optional<BuddyRelation> relation(Account owner, Account buddy) {
        return em.createQuery("select r from BuddyRelation r where r.owner = :o and r.buddy = :b", BuddyRelation.class)
                .setParameter("o", owner).setParameter("b", buddy).getResultStream().findFirst();
    }

    private Optional<BuddyRequestRecord> record(Account requester, Account target) {
        return em.createQuery("select r from BuddyRequestRecord r where r.requester = :q and r.target = :t", BuddyRequestRecord.class)
                .setParameter("q", requester).setParameter("t", target).getResultStream().findFirst();
    }

    private void set(Account owner, Account buddy, RelationState state, Instant now) {
        Optional<BuddyRelation> existing = relation(owner, buddy);
        if (existing.isPresent()) {
            existing.get().setState(state, now);
        } else {
            em.persist(new BuddyRelation(owner, buddy, state, now));
        }
    }
}
