package io.peerswitch.endpoint.presence;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.routing.PeerLocation;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.sip.Dialog;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Presence directly between buddies (FIG. 4 step 410, FIG. 5 steps 510-514). At login the endpoint
 * SUBSCRIBEs to the presence (RFC 3856) of every online buddy location in its routing table; a buddy
 * that does not answer within the timeout becomes unreachable. A buddy's SUBSCRIBE — the way a buddy
 * who logs in later announces itself — is accepted, answered with a NOTIFY carrying our PIDF, and
 * returned with a SUBSCRIBE of our own. Status changes and going offline are NOTIFYed to every watcher.
 * Runs on the softswitch's loop.
 */
public final class PresenceControl {

    private static final Logger LOG = Logger.getLogger(PresenceControl.class.getName());

    /** Lifetime we ask for and grant (RFC 6665 section 4.1.2.1); refreshed at half of it. */
    public static final Duration SUBSCRIPTION = Duration.ofMinutes(10);
    /** How long after a failed subscription it is tried again while the buddy is thought online. */
    public static final Duration RETRY = Duration.ofSeconds(60);
    /** How long going offline waits for the buddies' answers. */
    public static final Duration GOODBYE = Duration.ofSeconds(2);

    private static final String EVENT = "presence";

    private final SignalingAgent agent;
    private final EventLoop loop;
    private final RoutingTable routing;
    private final PeerControl peers;
    private final Supplier<LocalParty> me;
    private final Duration answerTimeout;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<String, Watcher> watchers = new HashMap<>();
    /** Presence subscriptions one buddy may hold on us at once (one per location, with room to spare). */
    public static final int MAX_WATCHERS_PER_BUDDY = 16;
    private long refusedWatchers;
    private PresenceStatus status = PresenceStatus.AVAILABLE;
    private String note;
    private boolean online;

    /** One subscription of ours to a buddy location (the watcher side, RFC 6665 section 4.1). */
    private static final class Subscription {
        final String userId;
        final SipRequest initial;
        Dialog dialog;
        EventLoop.Timer timer;
        boolean answered;

        Subscription(String userId, SipRequest initial) {
            this.userId = userId;
            this.initial = initial;
        }
    }

    /** A buddy subscribed to us (the notifier side, RFC 6665 section 4.2). */
    private static final class Watcher {
        final String userId;
        final String key;
        Dialog dialog;
        EventLoop.Timer expiry;

        Watcher(String userId, Dialog dialog, String key) {
            this.userId = userId;
            this.dialog = dialog;
            this.key = key;
        }
    }

    public PresenceControl(SignalingAgent agent, RoutingTable routing, PeerControl peers, Supplier<LocalParty> me,
                           Duration answerTimeout) {
        this.agent = agent;
        this.loop = agent.loop();
        this.routing = routing;
        this.peers = peers;
        this.me = me;
        this.answerTimeout = answerTimeout;
        agent.on("SUBSCRIBE", true, this::onSubscribe);
        agent.on("NOTIFY", true, this::onNotify);
    }

    /** Goes online: subscribes to every buddy location the routing table lists (FIG. 5 step 510). */
    public void goOnline(PresenceStatus initialStatus, String initialNote) {
        online = true;
        status = initialStatus == null ? PresenceStatus.AVAILABLE : initialStatus;
        note = initialNote;
        for (String user : routing.users()) {
            if (peers.isAcceptedBuddy(user)) {
                routing.locations(user).forEach(this::subscribe);
            }
        }
    }

    /** The user's own status changed: every watcher is told directly (claims 11-13). */
    public void setStatus(PresenceStatus newStatus, String newNote) {
        status = newStatus;
        note = newNote;
        new ArrayList<>(watchers.values()).forEach(w -> notifyWatcher(w, true, null));
    }

    /**
     * Goes offline: tells every watcher (NOTIFY with a closed status, subscription terminated) and ends our
     * subscriptions (SUBSCRIBE with Expires 0). Completes when the buddies answered or after {@link #GOODBYE}.
     */
    public CompletableFuture<Void> goOffline() {
        online = false;
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (Watcher w : new ArrayList<>(watchers.values())) {
            answers.add(notifyWatcher(w, false, "noresource"));
            cancel(w.expiry);
        }
        watchers.clear();
        for (Subscription s : new ArrayList<>(subscriptions.values())) {
            cancel(s.timer);
            if (s.dialog != null) {
                Dialog.Outgoing unsubscribe = s.dialog.request("SUBSCRIBE");
                answers.add(sendAndForget(unsubscribe.request()
                        .addHeader("Event", EVENT).addHeader("Expires", "0")));
            }
        }
        subscriptions.clear();
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        EventLoop.Timer deadline = loop.schedule(GOODBYE, () -> all.complete(null));
        return all.whenComplete((v, e) -> deadline.cancel());
    }

    /**
     * Ends all presence with {@code userId}, who is no longer an accepted buddy (deleted, blocked; FIG. 7
     * text): its subscriptions to us are terminated ({@code reason=rejected}, RFC 6665 section 4.2.2, with a
     * closed PIDF) and ours to it are ended with {@code Expires: 0}.
     */
    public void forget(String userId) {
        for (Watcher w : new ArrayList<>(watchers.values())) {
            if (w.userId.equals(userId)) {
                watchers.remove(w.key);
                cancel(w.expiry);
                notifyWatcher(w, false, "rejected");
            }
        }
        for (Subscription s : new ArrayList<>(subscriptions.values())) {
            if (s.userId.equals(userId)) {
                subscriptions.remove(s.initial.callId());
                cancel(s.timer);
                if (s.dialog != null) {
                    sendAndForget(s.dialog.request("SUBSCRIBE").request().addHeader("Event", EVENT).addHeader("Expires", "0"));
                }
            }
        }
    }

    /** SUBSCRIBEs refused because their buddy already held {@link #MAX_WATCHERS_PER_BUDDY} subscriptions. */
    public long refusedWatchers() {
        return refusedWatchers;
    }

    /** How many presence subscriptions buddies hold on us. */
    public int watcherCount() {
        return watchers.size();
    }

    /** Whether we watch or are watched by {@code userId} (for tests and the CLI). */
    public boolean hasPresenceWith(String userId) {
        return watchers.values().stream().anyMatch(w -> w.userId.equals(userId))
                || subscriptions.values().stream().anyMatch(s -> s.userId.equals(userId));
    }

    // ---------------------------------------------------------------- our subscriptions to buddies

    /** Subscribes to the presence of one buddy location (RFC 3856 section 5.1). */
    public void subscribe(PeerLocation location) {
        if (!online || subscriptions.values().stream().anyMatch(s -> s.userId.equals(location.userId())
                && s.initial.requestUri().equals(location.targetUri()))) {
            return;
        }
        LocalParty self = me.get();
        SipRequest request = new SipRequest("SUBSCRIBE", location.targetUri(), List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", NameAddr.parse(self.nameAddr()).orElseThrow().withTag(Ids.tag()).toString())
                .addHeader("To", "<sip:" + location.userId() + "@" + self.domain() + ">")
                .addHeader("Call-ID", Ids.callId(self.contact().getAddress().getHostAddress()))
                .addHeader("CSeq", "1 SUBSCRIBE")
                .addHeader("Contact", self.contactHeader())
                .addHeader("Event", EVENT)
                .addHeader("Accept", Pidf.CONTENT_TYPE)
                .addHeader("Expires", Long.toString(SUBSCRIPTION.toSeconds()));
        Subscription s = new Subscription(location.userId(), request);
        subscriptions.put(request.callId(), s);
        s.timer = loop.schedule(answerTimeout, () -> {
            if (!s.answered) {
                LOG.info(() -> "buddy " + s.userId + " did not answer within " + answerTimeout.toMillis() + " ms: unreachable");
                peers.unreachable(s.userId);
            }
        });
        agent.send(request, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                onSubscribeAnswered(s, response);
            }

            @Override
            public void onFailure(String reason) {
                onSubscribeFailed(s, location, reason);
            }
        });
    }

    private void onSubscribeAnswered(Subscription s, SipResponse response) {
        if (response.status() < 200 || subscriptions.get(s.initial.callId()) != s) {
            return;
        }
        s.answered = true;
        cancel(s.timer);
        if (response.status() < 300) {
            s.dialog = Dialog.asUac(s.initial, response, me.get().contactHeader());
            peers.confirmed(s.userId, null, null);
            long granted = response.header("Expires").map(PresenceControl::seconds).orElse(SUBSCRIPTION.toSeconds());
            s.timer = loop.schedule(Duration.ofSeconds(Math.max(1, granted / 2)), () -> refresh(s));
        } else {
            // An answer, even a refusal, proves the buddy reachable (FIG. 5: "if a response ... is received").
            LOG.info(() -> "buddy " + s.userId + " refused the presence subscription: " + response.status());
            peers.confirmed(s.userId, null, null);
            subscriptions.remove(s.initial.callId());
        }
    }

    private void onSubscribeFailed(Subscription s, PeerLocation location, String reason) {
        if (subscriptions.get(s.initial.callId()) != s) {
            return;
        }
        subscriptions.remove(s.initial.callId());
        cancel(s.timer);
        peers.unreachable(s.userId);
        LOG.fine(() -> "presence subscription to " + s.userId + " failed: " + reason);
        loop.schedule(RETRY, () -> {
            if (online && routing.locations(location.userId()).contains(location)) {
                subscribe(location);
            }
        });
    }

    private void refresh(Subscription s) {
        if (!online || s.dialog == null || subscriptions.get(s.initial.callId()) != s) {
            return;
        }
        Dialog.Outgoing next = s.dialog.request("SUBSCRIBE");
        s.dialog = next.dialog();
        agent.send(next.request().addHeader("Event", EVENT).addHeader("Accept", Pidf.CONTENT_TYPE)
                .addHeader("Expires", Long.toString(SUBSCRIPTION.toSeconds())), new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() >= 200 && response.status() < 300) {
                    long granted = response.header("Expires").map(PresenceControl::seconds).orElse(SUBSCRIPTION.toSeconds());
                    s.timer = loop.schedule(Duration.ofSeconds(Math.max(1, granted / 2)), () -> refresh(s));
                } else if (response.status() >= 300) {
                    subscriptions.remove(s.initial.callId());
                }
            }

            @Override
            public void onFailure(String reason) {
                subscriptions.remove(s.initial.callId());
                peers.unreachable(s.userId);
            }
        });
    }

    private void onNotify(SipEvent.IncomingRequest incoming) {
        SipRequest notify = incoming.request();
        Subscription s = subscriptions.get(notify.callId());
        String ourTag = notify.to().tag().orElse("");
        if (s == null || !ourTag.equals(s.initial.from().tag().orElse(""))) {
            agent.reply(incoming, 481, null);
            return;
        }
        if (!notify.header("Event").map(e -> e.toLowerCase(Locale.ROOT).startsWith(EVENT)).orElse(false)) {
            agent.reply(incoming, 489, null);
            return;
        }
        agent.reply(incoming, 200, null);
        String state = notify.header("Subscription-State").orElse("active").toLowerCase(Locale.ROOT);
        boolean terminated = state.startsWith("terminated");
        if (notify.body().length > 0 && notify.contentType().map(t -> t.toLowerCase(Locale.ROOT).startsWith(Pidf.CONTENT_TYPE)).orElse(false)) {
            switch (Pidf.parse(notify.body())) {
                case Pidf.Parsed.Document(PresenceDocument doc) -> applyPresence(s.userId, doc, incoming, terminated);
                case Pidf.Parsed.Invalid(String reason) -> LOG.fine(() -> "unreadable PIDF from " + s.userId + ": " + reason);
            }
        } else if (!terminated) {
            peers.confirmed(s.userId, null, null);
        }
        if (terminated) {
            cancel(s.timer);
            subscriptions.remove(notify.callId());
        }
    }

    private void applyPresence(String userId, PresenceDocument doc, SipEvent.IncomingRequest incoming, boolean terminated) {
        String contact = incoming.request().header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
        if (doc.open() && !terminated) {
            routing.heard(userId, contact, incoming.source(), NatType.UNKNOWN);
            peers.confirmed(userId, doc.status(), doc.note().orElse(null));
        } else {
            routing.remove(userId, contact, incoming.source());
            if (routing.locations(userId).isEmpty()) {
                peers.offline(userId);
            }
        }
    }

    // ---------------------------------------------------------------- buddies subscribing to us

    private void onSubscribe(SipEvent.IncomingRequest incoming) {
        SipRequest subscribe = incoming.request();
        if (!subscribe.header("Event").map(e -> e.toLowerCase(Locale.ROOT).startsWith(EVENT)).orElse(false)) {
            incoming.transaction().ifPresent(tx -> agent.respond(tx,
                    SipResponses.reply(subscribe, 489, "Bad Event").addHeader("Allow-Events", EVENT)));
            return;
        }
        long expires = Math.min(subscribe.header("Expires").map(PresenceControl::seconds).orElse(3600L), SUBSCRIPTION.toSeconds());
        String userId = SignalingAgent.senderOf(subscribe);
        Optional<String> toTag = subscribe.to().tag();
        Watcher watcher = toTag.map(tag -> watchers.get(subscribe.callId() + "/" + tag)).orElse(null);
        if (toTag.isPresent() && (watcher == null || !watcher.dialog.matches(subscribe))) {
            agent.reply(incoming, 481, null);
            return;
        }
        if (watcher == null && watchers.values().stream().filter(w -> w.userId.equals(userId)).count() >= MAX_WATCHERS_PER_BUDDY) {
            // A buddy has a handful of locations; more subscriptions than that are a flood, not presence.
            refusedWatchers++;
            incoming.transaction().ifPresent(tx -> agent.respond(tx,
                    SipResponses.reply(subscribe, 503, "Service Unavailable").addHeader("Retry-After", "60")));
            return;
        }
        if (watcher == null) {
            Dialog dialog = Dialog.asUas(subscribe, Ids.tag(), me.get().contactHeader());
            watcher = new Watcher(userId, dialog, subscribe.callId() + "/" + dialog.localTag());
            watchers.put(watcher.key, watcher);
            announce(userId, subscribe, incoming);
        } else {
            watcher.dialog = watcher.dialog.withRemoteSeq(subscribe.cseq().number());
        }
        Watcher w = watcher;
        incoming.transaction().ifPresent(tx -> agent.respond(tx,
                SipResponses.reply(subscribe, 200, "OK", w.dialog.localTag())
                        .addHeader("Expires", Long.toString(expires))
                        .addHeader("Contact", me.get().contactHeader())));
        cancel(w.expiry);
        if (expires == 0) {
            watchers.remove(w.key);
            notifyWatcher(w, online, "timeout");
        } else {
            w.expiry = loop.schedule(Duration.ofSeconds(expires), () -> {
                watchers.remove(w.key);
                notifyWatcher(w, online, "timeout");
            });
            notifyWatcher(w, online, null);
        }
    }

    /**
     * A buddy's first SUBSCRIBE is also its announcement (FIG. 4 step 410): it is reachable, at the
     * contact it gives; we subscribe back unless we already watch that location.
     */
    private void announce(String userId, SipRequest subscribe, SipEvent.IncomingRequest incoming) {
        String contact = subscribe.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
        PeerLocation location = routing.heard(userId, contact, incoming.source(), NatType.UNKNOWN);
        peers.confirmed(userId, null, null);
        if (online && peers.isAcceptedBuddy(userId)) {
            subscribe(location);
        }
    }

    private CompletableFuture<Void> notifyWatcher(Watcher w, boolean open, String terminatedReason) {
        Dialog.Outgoing next = w.dialog.request("NOTIFY");
        w.dialog = next.dialog();
        LocalParty self = me.get();
        PresenceDocument doc = new PresenceDocument(self.aor(), open, Optional.of(self.contactUri()),
                Optional.ofNullable(note), status);
        String state = terminatedReason == null
                ? "active;expires=" + SUBSCRIPTION.toSeconds() : "terminated;reason=" + terminatedReason;
        Runnable gone = terminatedReason != null ? () -> { } : () -> dropWatcher(w);
        return send(next.request().addHeader("Event", EVENT).addHeader("Subscription-State", state)
                .withBody(Pidf.CONTENT_TYPE, Pidf.encode(doc)), gone);
    }

    /** A watcher whose NOTIFY failed no longer has a subscription (RFC 6665 section 4.2.2). */
    private void dropWatcher(Watcher w) {
        if (watchers.remove(w.key) != null) {
            cancel(w.expiry);
            LOG.info(() -> "presence subscription of " + w.userId + " ended: our NOTIFY failed");
        }
    }

    private CompletableFuture<Void> sendAndForget(SipRequest request) {
        return send(request, () -> { });
    }

    /**
     * Sends a request outside any wait; {@code failed} runs on a timeout, a transport failure, or a final
     * non-2xx answer that neither asks for credentials nor gives a Retry-After (RFC 6665 section 4.2.2).
     */
    private CompletableFuture<Void> send(SipRequest request, Runnable failed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        agent.send(request, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() >= 200) {
                    done.complete(null);
                }
                if (response.status() >= 300 && response.status() != 401 && response.status() != 407
                        && response.header("Retry-After").isEmpty()) {
                    failed.run();
                }
            }

            @Override
            public void onFailure(String reason) {
                done.complete(null);
                failed.run();
            }
        });
        return done;
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return SUBSCRIPTION.toSeconds();
        }
    }

    private static void cancel(EventLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
