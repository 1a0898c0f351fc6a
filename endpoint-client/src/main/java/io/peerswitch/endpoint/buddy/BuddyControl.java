package io.peerswitch.endpoint.buddy;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.presence.PresenceControl;
import io.peerswitch.endpoint.routing.PeerLocation;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.MalformedJsonException;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.buddy.BuddyNotice;
import io.peerswitch.wire.buddy.BuddyRequest;
import io.peerswitch.wire.buddy.BuddyRequestCreate;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.profile.Buddy;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.ProfileSnapshot;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Buddy list operations (FIG. 7-9): each goes to the access server first, then directly to the other
 * user's online locations as a SIP MESSAGE with a {@link BuddyNotice} body, so its endpoint updates its
 * buddy list in real time, where those locations may be known: the server names a user's locations only to
 * mutual accepted buddies (a grant, an unblock that restores the relation), and a deletion or block is told to
 * the locations this endpoint knew of its buddy. A request goes only to the server, which announces it to the
 * target (its pending notice while online, its pending items at login); a denial reaches the requester at its
 * next look at its profile. A request comes from a user who is no buddy yet, so notices pass the gate's
 * buddy check (claim 1) and are judged here: a {@code request} only once the server confirms it exists,
 * is to us and is from the MESSAGE's sender; a {@code granted} or {@code denied} only for a request we
 * made to its sender; {@code deleted}, {@code blocked} and {@code unblocked} only from a user on our
 * list. Anything else is answered 403 and changes nothing. Runs on the softswitch's loop; the exchanges
 * with the server run on {@code offLoop} and hand their results back to the loop.
 */
public final class BuddyControl {

    private static final Logger LOG = Logger.getLogger(BuddyControl.class.getName());

    /** The kind of a buddy request among a login's pending items (FIG. 8 step 814, docs/rest-api.md). */
    public static final String PENDING_KIND = "buddy-request";
    /** How many request notices from strangers are checked with the server at once; more are answered 503. */
    public static final int MAX_CONFIRMATIONS = 8;

    private final SignalingAgent agent;
    private final EventLoop loop;
    private final PeerControl peers;
    private final RoutingTable routing;
    private final PresenceControl presence;
    private final Supplier<LocalParty> me;
    private final Executor offLoop;
    private final Consumer<RoutingEntry> learnPath;
    private final List<Consumer<BuddyEvent>> listeners = new ArrayList<>();
    /** Requests to us waiting for our answer, by ID, oldest first. */
    private final Map<String, BuddyRequest> incoming = new LinkedHashMap<>();
    /** Requests we made and have no answer to yet: ID to target user. */
    private final Map<String, String> outgoing = new HashMap<>();
    private BuddyServer server;
    private int confirming;

    /** What telling the other user's locations came to. */
    private record Told(int locations, int delivered, String reason) {
    }

    /**
     * @param offLoop   runs the blocking exchanges with the server (virtual threads in production)
     * @param learnPath learns how to reach a location the server named (table 2300) before it is sent to
     */
    public BuddyControl(SignalingAgent agent, PeerControl peers, RoutingTable routing, PresenceControl presence,
                        Supplier<LocalParty> me, Executor offLoop, Consumer<RoutingEntry> learnPath) {
        this.agent = agent;
        this.loop = agent.loop();
        this.peers = peers;
        this.routing = routing;
        this.presence = presence;
        this.me = me;
        this.offLoop = offLoop;
        this.learnPath = learnPath;
        agent.onMessage(BuddyNotice.CONTENT_TYPE, false, this::onNotice);
    }

    /** Calls {@code listener} on the loop with every buddy event. */
    public void onEvent(Consumer<BuddyEvent> listener) {
        listeners.add(listener);
    }

    /**
     * The server of the session now ({@code null} when logged out). A new session forgets the requests
     * waiting for an answer; the login's pending items bring them back ({@link #retrieve}).
     */
    public void useServer(BuddyServer session) {
        if (session != server) {
            incoming.clear();
        }
        this.server = session;
    }

    /** The requests to us waiting for our answer, oldest first, as far as this endpoint knows them. */
    public List<BuddyRequest> waiting() {
        return List.copyOf(incoming.values());
    }

    // ---------------------------------------------------------------- our operations

    /**
     * Asks {@code userId} to become our buddy (FIG. 7 steps 710-716): the server keeps the request and announces
     * it to the target (at once when online, else at its next login, FIG. 8); it goes directly only to target
     * locations the server names (none from a server that keeps locations for mutual buddies). Completes on the
     * loop once those answered.
     */
    public CompletableFuture<BuddyEvent.RequestSent> request(String userId, String note) {
        BuddyRequestCreate create;
        try {
            create = new BuddyRequestCreate(userId, note == null || note.isBlank() ? null : note);
        } catch (InvalidFieldException e) {
            return CompletableFuture.failedFuture(e);
        }
        return ask(s -> s.request(create)).thenCompose(created -> {
            BuddyRequest request = created.request();
            outgoing.put(request.id(), request.to());
            if (peers.buddy(request.to()).isEmpty()) {
                peers.put(new Buddy(request.to(), null, RelationState.PENDING, false, null));
            }
            if (created.targetLocations().isEmpty()) {
                return CompletableFuture.completedFuture(emit(new BuddyEvent.RequestSent(request.to(), request.id(), false,
                        "the access server tells " + request.to())));
            }
            return tell(request.to(), created.targetLocations(), new BuddyNotice(BuddyNotice.REQUEST, request.id(), request.note()))
                    .thenApply(told -> emit(new BuddyEvent.RequestSent(request.to(), request.id(), told.delivered() > 0,
                            told.delivered() > 0 ? null : told.reason())));
        });
    }

    /**
     * Grants or denies a request to us (FIG. 7 steps 718-720, FIG. 8 steps 816-818, FIG. 9 step 918), named
     * by its ID or by its requester: the server first, then the requester directly. A grant makes it an
     * accepted buddy at once, and presence starts with it.
     */
    public CompletableFuture<BuddyEvent.AnswerSent> answer(String requestIdOrUser, boolean grant) {
        CompletableFuture<BuddyRequest> found = find(requestIdOrUser).map(CompletableFuture::completedFuture)
                .orElseGet(() -> ask(BuddyServer::requests).thenApply(list -> {
                    list.requests().forEach(this::received);
                    return find(requestIdOrUser).orElseThrow(() -> new IllegalArgumentException(
                            "no buddy request from " + requestIdOrUser + " is waiting for an answer"));
                }));
        return found.thenCompose(request -> ask(s -> s.answer(request.id(), grant)).handle((change, failure) -> {
            if (failure != null) {
                if (unwrap(failure) instanceof AccessServerException e && e.status() == 404) {
                    incoming.remove(request.id());
                }
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            incoming.remove(request.id());
            String requester = change.userId();
            if (grant) {
                peers.put(new Buddy(requester, null, RelationState.ACCEPTED, !change.locations().isEmpty(), null));
                routing.add(change.locations());
            }
            BuddyNotice notice = new BuddyNotice(grant ? BuddyNotice.GRANTED : BuddyNotice.DENIED, request.id(), null);
            return tell(requester, change.locations(), notice).thenApply(told -> {
                if (grant) {
                    startPresence(requester);
                }
                return emit(new BuddyEvent.AnswerSent(requester, request.id(), grant));
            });
        })).thenCompose(f -> f);
    }

    /**
     * Deletes {@code userId} from both buddy lists (FIG. 7 text): the server first, then presence with it
     * ends and its locations are told directly, so it drops us in real time.
     */
    public CompletableFuture<BuddyEvent.Removed> delete(String userId) {
        return ask(s -> s.delete(userId)).thenCompose(change -> {
            String other = change.userId();
            List<PeerLocation> known = routing.locations(other);
            drop(other);
            BuddyEvent.Removed removed = emit(new BuddyEvent.Removed(other, false));
            return tellKnown(other, change.locations(), known, new BuddyNotice(BuddyNotice.DELETED, null, null))
                    .thenApply(told -> removed);
        });
    }

    /**
     * Blocks {@code userId} (FIG. 7 text: the server first, then the peer): it shows as offline to us, presence
     * with it ends, and the gate refuses it; its locations are told directly.
     */
    public CompletableFuture<BuddyEvent.Blocked> block(String userId) {
        return ask(s -> s.block(userId)).thenCompose(change -> {
            String other = change.userId();
            List<PeerLocation> known = routing.locations(other);
            presence.forget(other);
            routing.removeAll(other);
            incoming.values().removeIf(r -> r.from().equalsIgnoreCase(other));
            peers.put(new Buddy(other, null, change.relation() == null ? RelationState.BLOCKED : change.relation(), false, null));
            BuddyEvent.Blocked blocked = emit(new BuddyEvent.Blocked(other, false));
            return tellKnown(other, change.locations(), known, new BuddyNotice(BuddyNotice.BLOCKED, null, null))
                    .thenApply(told -> blocked);
        });
    }

    /**
     * Unblocks {@code userId}: an accepted buddy again when it had accepted us, told directly, and presence
     * starts with it; a blocked stranger (the server's relation {@code null}) is simply forgotten.
     */
    public CompletableFuture<BuddyEvent.Unblocked> unblock(String userId) {
        return ask(s -> s.unblock(userId)).thenCompose(change -> {
            String other = change.userId();
            if (change.relation() == null) {
                peers.remove(other);
                return CompletableFuture.completedFuture(emit(new BuddyEvent.Unblocked(other, false)));
            }
            peers.put(new Buddy(other, null, change.relation(), !change.locations().isEmpty(), null));
            if (change.relation() == RelationState.ACCEPTED) {
                routing.add(change.locations());
            }
            return tell(other, change.locations(), new BuddyNotice(BuddyNotice.UNBLOCKED, null, null)).thenApply(told -> {
                startPresence(other);
                return emit(new BuddyEvent.Unblocked(other, false));
            });
        });
    }

    /** The requests waiting for our answer, from the server (new ones are announced as {@link BuddyEvent.RequestReceived}). */
    public CompletableFuture<List<BuddyRequest>> requests() {
        return ask(BuddyServer::requests).thenApply(list -> {
            list.requests().forEach(this::received);
            return list.requests();
        });
    }

    /**
     * At login (FIG. 8 step 814, FIG. 9 step 916): when the pending items announce buddy requests, fetches
     * those waiting for our answer and announces each. Completes on the loop.
     */
    public CompletableFuture<Void> retrieve(List<PendingItem> pending) {
        if (pending.stream().noneMatch(i -> PENDING_KIND.equals(i.kind()))) {
            return CompletableFuture.completedFuture(null);
        }
        return requests().thenApply(list -> null);
    }

    /** The server announced a request while we are online (its pending notice): fetched, checked, announced. */
    public CompletableFuture<Void> pendingWhileOnline(PendingItem item) {
        if (!PENDING_KIND.equals(item.kind()) || incoming.containsKey(item.id())) {
            return CompletableFuture.completedFuture(null);
        }
        return ask(s -> s.find(item.id())).thenAccept(request -> {
            if (isToUs(request)) {
                received(request);
            }
        });
    }

    // ---------------------------------------------------------------- notices from other endpoints

    private void onNotice(SipEvent.IncomingRequest incoming) {
        SipRequest message = incoming.request();
        String from = SignalingAgent.senderOf(message);
        BuddyNotice notice;
        try {
            notice = WireJson.decode(message.body(), BuddyNotice.class);
        } catch (MalformedJsonException | InvalidFieldException e) {
            LOG.info(() -> "an unreadable buddy notice from " + from + " was refused: " + e.getMessage());
            agent.reply(incoming, 400, null);
            return;
        }
        switch (notice.event()) {
            case BuddyNotice.REQUEST -> onRequest(incoming, from, notice.requestId());
            case BuddyNotice.GRANTED, BuddyNotice.DENIED -> onAnswer(incoming, from, notice);
            case BuddyNotice.DELETED, BuddyNotice.BLOCKED, BuddyNotice.UNBLOCKED -> onChange(incoming, from, notice);
            default -> refuse(incoming, from, notice, "an unknown event");
        }
    }

    /** A request from a stranger counts only once the server confirms it (FIG. 7 step 716). */
    private void onRequest(SipEvent.IncomingRequest in, String from, String requestId) {
        BuddyRequest known = incoming.get(requestId);
        if (known != null) {
            agent.reply(in, known.from().equalsIgnoreCase(from) ? 200 : 403, Ids.tag());
            return;
        }
        if (server == null) {
            refuse(in, from, null, "not logged in, so the request cannot be confirmed");
            return;
        }
        if (confirming >= MAX_CONFIRMATIONS) {
            LOG.info(() -> "a buddy request from " + from + " was answered 503: " + confirming + " being confirmed already");
            agent.reply(in, 503, Ids.tag());
            return;
        }
        confirming++;
        ask(s -> s.find(requestId)).whenComplete((request, failure) -> {
            confirming--;
            if (failure != null) {
                Throwable cause = unwrap(failure);
                boolean unknown = cause instanceof AccessServerException e && (e.status() == 404 || e.status() == 403);
                LOG.log(unknown ? Level.INFO : Level.WARNING, "buddy request " + requestId + " from " + from
                        + " not confirmed by the server: " + cause.getMessage());
                agent.reply(in, unknown ? 403 : 500, Ids.tag());
                return;
            }
            if (!request.id().equals(requestId) || !request.from().equalsIgnoreCase(from) || !isToUs(request)) {
                LOG.info(() -> "buddy request " + requestId + " claimed by " + from + " is from " + request.from()
                        + " to " + request.to() + ": refused");
                agent.reply(in, 403, Ids.tag());
                return;
            }
            agent.reply(in, 200, Ids.tag());
            received(request);
        });
    }

    /** An answer counts only for a request we made to its sender (FIG. 7 step 718, FIG. 8 step 816). */
    private void onAnswer(SipEvent.IncomingRequest in, String from, BuddyNotice notice) {
        String asked = outgoing.get(notice.requestId());
        boolean ours = asked != null ? asked.equalsIgnoreCase(from)
                : peers.buddy(from).map(b -> b.relation() == RelationState.PENDING).orElse(false);
        if (!ours) {
            refuse(in, from, notice, "not an answer to a request of ours to " + from);
            return;
        }
        outgoing.remove(notice.requestId());
        if (notice.event().equals(BuddyNotice.DENIED)) {
            if (peers.buddy(from).map(b -> b.relation() == RelationState.PENDING).orElse(false)) {
                peers.remove(from);
            }
            agent.reply(in, 200, Ids.tag());
            emit(new BuddyEvent.RequestAnswered(from, notice.requestId(), false));
            return;
        }
        // Granted: the profile as the server has it now names the new buddy and its locations. The 200 goes
        // only once it is loaded, so the presence SUBSCRIBE that follows it passes our gate.
        refresh(from, in).whenComplete((v, failure) -> {
            agent.reply(in, 200, Ids.tag());
            emit(new BuddyEvent.RequestAnswered(from, notice.requestId(), true));
        });
    }

    /** A deletion, block or unblock counts only from a user on our list (FIG. 7 text). */
    private void onChange(SipEvent.IncomingRequest in, String from, BuddyNotice notice) {
        if (peers.buddy(from).isEmpty()) {
            refuse(in, from, notice, "not on our buddy list");
            return;
        }
        switch (notice.event()) {
            case BuddyNotice.DELETED -> {
                agent.reply(in, 200, Ids.tag());
                drop(from);
                emit(new BuddyEvent.Removed(from, true));
            }
            case BuddyNotice.BLOCKED -> {
                agent.reply(in, 200, Ids.tag());
                outgoing.values().removeIf(from::equalsIgnoreCase);
                presence.forget(from);
                routing.removeAll(from);
                peers.offline(from);
                emit(new BuddyEvent.Blocked(from, true));
            }
            default -> refresh(from, in).whenComplete((v, failure) -> {
                agent.reply(in, 200, Ids.tag());
                emit(new BuddyEvent.Unblocked(from, true));
            });
        }
    }

    private void refuse(SipEvent.IncomingRequest in, String from, BuddyNotice notice, String why) {
        LOG.info(() -> "buddy notice " + (notice == null ? "" : notice.event() + " ") + "from " + from + " refused: " + why);
        agent.reply(in, 403, Ids.tag());
    }

    // ---------------------------------------------------------------- effects

    private void received(BuddyRequest request) {
        if (incoming.putIfAbsent(request.id(), request) == null) {
            emit(new BuddyEvent.RequestReceived(request.from(), request.id(), request.note(), request.createdAt()));
        }
    }

    /**
     * Loads {@code userId} as the server has it now (GET profile): relation, locations, and presence when it
     * is an accepted buddy. When the server cannot be asked, the notice's sender is taken as an accepted
     * buddy at the address it came from.
     */
    private CompletableFuture<Void> refresh(String userId, SipEvent.IncomingRequest notice) {
        return ask(BuddyServer::profile).handle((snapshot, failure) -> {
            if (failure != null) {
                LOG.warning(() -> "the buddy list was not refreshed for " + userId + " (" + unwrap(failure).getMessage()
                        + "); taking the notice's word until the next login");
                peers.put(new Buddy(userId, null, RelationState.ACCEPTED, true, null));
                String contact = notice.request().header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
                routing.heard(userId, contact, notice.source(), NatType.UNKNOWN);
            } else {
                load(userId, snapshot);
            }
            startPresence(userId);
            return null;
        });
    }

    private void load(String userId, ProfileSnapshot snapshot) {
        Optional<Buddy> entry = snapshot.profile().buddies().stream().filter(b -> b.userId().equalsIgnoreCase(userId)).findFirst();
        if (entry.isEmpty()) {
            LOG.info(() -> "the server's profile does not list " + userId + "; the buddy list stays as it is");
            return;
        }
        peers.put(entry.get());
        if (entry.get().relation() == RelationState.ACCEPTED) {
            List<RoutingEntry> locations = snapshot.routingTable().stream().filter(e -> e.userId().equalsIgnoreCase(userId)).toList();
            locations.forEach(learnPath);
            routing.add(locations);
        }
    }

    /** Subscribes to every known location of {@code userId} when it is an accepted buddy (FIG. 5 step 510). */
    private void startPresence(String userId) {
        if (!peers.isAcceptedBuddy(userId)) {
            return;
        }
        for (PeerLocation location : routing.locations(userId)) {
            presence.subscribe(location);
        }
    }

    /** Forgets {@code userId} entirely: presence, locations, list entry. */
    private void drop(String userId) {
        presence.forget(userId);
        routing.removeAll(userId);
        peers.remove(userId);
        outgoing.values().removeIf(userId::equalsIgnoreCase);
        incoming.values().removeIf(r -> r.from().equalsIgnoreCase(userId));
    }

    private Optional<BuddyRequest> find(String requestIdOrUser) {
        BuddyRequest byId = incoming.get(requestIdOrUser);
        if (byId != null) {
            return Optional.of(byId);
        }
        return incoming.values().stream().filter(r -> r.from().equalsIgnoreCase(requestIdOrUser)).reduce((a, b) -> b);
    }

    private boolean isToUs(BuddyRequest request) {
        return request.to().equalsIgnoreCase(me.get().userId());
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Sends {@code notice} to the locations of {@code userId} the server named, or else to those we knew of it
     * as a buddy ({@code known}, from our routing table before the change).
     */
    private CompletableFuture<Told> tellKnown(String userId, List<RoutingEntry> named, List<PeerLocation> known,
                                              BuddyNotice notice) {
        return named.isEmpty() ? send(userId, known, notice) : tell(userId, named, notice);
    }

    /**
     * Sends {@code notice} to every location of {@code userId} the server named, at once; completes on the
     * loop when all answered or failed.
     */
    private CompletableFuture<Told> tell(String userId, List<RoutingEntry> locations, BuddyNotice notice) {
        List<PeerLocation> targets = new ArrayList<>();
        for (RoutingEntry location : locations) {
            learnPath.accept(location);
            targets.add(PeerLocation.fromServer(location));
        }
        return send(userId, targets, notice);
    }

    private CompletableFuture<Told> send(String userId, List<PeerLocation> locations, BuddyNotice notice) {
        if (locations.isEmpty()) {
            return CompletableFuture.completedFuture(new Told(0, 0, userId + " is offline"));
        }
        byte[] body = WireJson.encode(notice);
        LocalParty self = me.get();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (PeerLocation location : locations) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            SipRequest message = self.request("MESSAGE", location.targetUri(), userId)
                    .addHeader("Contact", self.contactHeader())
                    .withBody(BuddyNotice.CONTENT_TYPE, body);
            agent.send(message, new SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(SipResponse response) {
                    if (response.status() >= 200) {
                        answer.complete(response.status() < 300 ? null : response.status() + " " + response.reason());
                    }
                }

                @Override
                public void onFailure(String reason) {
                    answer.complete(reason);
                }
            });
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<String> reasons = answers.stream().map(CompletableFuture::join).toList();
            int delivered = (int) reasons.stream().filter(r -> r == null).count();
            String reason = reasons.stream().filter(r -> r != null).reduce((a, b) -> b).orElse(null);
            LOG.fine(() -> "buddy notice " + notice.event() + " to " + userId + ": " + delivered + " of " + reasons.size()
                    + " location(s) answered 2xx");
            return new Told(reasons.size(), delivered, reason);
        });
    }

    /** A blocking exchange with the server of this session, run off the loop; completes on the loop. */
    private <T> CompletableFuture<T> ask(ServerCall<T> call) {
        BuddyServer session = server;
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        offLoop.execute(() -> {
            try {
                T answer = call.run(session);
                loop.execute(() -> result.complete(answer));
            } catch (AccessServerException | RuntimeException e) {
                loop.execute(() -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    private interface ServerCall<T> {
        T run(BuddyServer server) throws AccessServerException;
    }

    private <E extends BuddyEvent> E emit(E event) {
        listeners.forEach(l -> l.accept(event));
        return event;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
