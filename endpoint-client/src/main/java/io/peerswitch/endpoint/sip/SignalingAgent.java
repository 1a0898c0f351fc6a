package io.peerswitch.endpoint.sip;

import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import io.peerswitch.wire.sip.UasChecks;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The softswitch's signaling agent (FIG. 2b): the UAS core of RFC 3261 section 8.2 — method, URI,
 * extension and body checks, then who may talk to us (claim 1, docs/security.md): a request must be signed
 * by a certified location (RFC 8224; 428 unsigned, 438 failed, whatever name it claims), out of a dialog
 * its signer must be a buddy (403), inside one it must match a dialog with that signer (481, RFC 3261
 * section 12.2.2); an outside device that cannot sign is admitted only where a grant or setting allows it,
 * and only for calls. Then the routing of requests to call, IM and presence control and of responses back
 * to whoever sent the request. Runs on the event loop, but for {@link #gate}.
 */
public final class SignalingAgent {

    private static final Logger LOG = Logger.getLogger(SignalingAgent.class.getName());

    /** Handles one request method. */
    public interface RequestHandler {
        void handle(SipEvent.IncomingRequest request);
    }

    /** Hears what became of a request we sent. */
    public interface ResponseHandler {
        /** A provisional or final response; provisional ones may be followed by more. */
        void onResponse(SipResponse response);

        /** No final response came (timeout) or the request could not be sent. */
        void onFailure(String reason);
    }

    /** Content types the endpoint understands in requests (RFC 3261 section 8.2.3). */
    public static final Set<String> CONTENT_TYPES = Set.of("application/sdp", "text/plain", "application/pidf+xml",
            "message/sipfrag", "application/simple-message-summary", "message/partial", "application/dtmf-relay",
            "application/pkcs7-mime",
            io.peerswitch.wire.session.NotificationChannel.CONTENT_TYPE, io.peerswitch.wire.buddy.BuddyNotice.CONTENT_TYPE);

    private UnaryOperator<SipRequest> decorator = UnaryOperator.identity();
    private Consumer<SipEvent.IncomingRequest> verified = incoming -> { };
    private final SipTransport transport;
    private final EventLoop loop;
    private final Predicate<String> isBuddy;
    /** Users besides buddies whose requests and answers must be signed: the access server's {@code _peerswitch}. */
    private volatile Predicate<String> alsoSigning = user -> false;
    private final Map<String, RequestHandler> handlers = new HashMap<>();
    /** Handlers of one kind of a method's requests, by {@link #routeKey}: "NOTIFY package" or "MESSAGE type/subtype". */
    private final Map<String, RequestHandler> routes = new HashMap<>();
    /** MESSAGE body types whose handler decides itself who may send them, so the buddy check of the gate skips them. */
    private volatile Set<String> openMessageTypes = Set.of();
    private volatile Set<String> buddyOnly = Set.of();
    private volatile Predicate<SipRequest> granted = request -> false;
    private volatile boolean admitUnsigned;
    private final Dialogs dialogs = new Dialogs();
    /** Who sent each request we have not answered finally yet, so the dialog our answer makes knows its peer. */
    private final Map<Long, Dialogs.Peer> answering = new HashMap<>();
    /** Methods an outside device that cannot sign may use: calls only (docs/security.md), never IM, presence or voicemail. */
    public static final Set<String> OUTSIDE_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "INFO", "UPDATE", "PRACK", "OPTIONS");
    /** Unanswered INVITEs admitted from outside devices, whose CANCEL (unsigned too) is admitted: Call-ID and From tag. */
    private final Set<String> outsideInvites = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Outside INVITEs awaiting a final answer at once; each needed a valid grant. */
    public static final int MAX_OUTSIDE_INVITES = 1024;
    /** Methods that open a dialog (RFC 3261 section 12, RFC 6665 section 4.1). */
    private static final Set<String> DIALOG_CREATING = Set.of("INVITE", "SUBSCRIBE", "REFER");
    private final Map<Long, ResponseHandler> pending = new HashMap<>();
    private Consumer<SipResponse> stray2xx = response -> { };
    private String preferredTransport;
    private volatile UasChecks.Capabilities capabilities = capabilities();

    public SignalingAgent(SipTransport transport, EventLoop loop, Predicate<String> isBuddy) {
        this.transport = transport;
        this.loop = loop;
        this.isBuddy = isBuddy;
        transport.setListener(this::onEvent);
        transport.setGate(this::gate);
        transport.expectSignedResponses(this::signs);
    }

    /** Whether {@code user} signs what it sends: a buddy, or a party {@link #expectSignaturesFrom} names. */
    private boolean signs(String user) {
        return isBuddy.test(user) || alsoSigning.test(user);
    }

    /**
     * Makes requests and answers of {@code users} count only when they signed them, as a buddy's do: the
     * access server's notices (FIG. 6) once it signs them.
     */
    public void expectSignaturesFrom(Predicate<String> users) {
        this.alsoSigning = users;
    }

    /**
     * Admits unsigned requests as before identities existed, for a lab with SIPp or stock clients that
     * cannot sign (docs/security.md "Outside devices"): never on by default.
     */
    public void admitUnsigned(boolean admit) {
        this.admitUnsigned = admit;
        transport.expectSignedResponses(admit ? user -> false : this::signs);
    }

    /** Whether unsigned requests are admitted (a lab setting): then nothing this agent hears is verified. */
    public boolean admitsUnsigned() {
        return admitUnsigned;
    }

    /** The dialogs the gate admits in-dialog requests for. */
    public Dialogs dialogs() {
        return dialogs;
    }

    /**
     * Routes requests of {@code method} to {@code handler}. With {@code buddiesOnly}, a request whose From
     * is not an accepted buddy is answered 403 and goes no further.
     */
    public void on(String method, boolean buddiesOnly, RequestHandler handler) {
        handlers.put(method, handler);
        if (buddiesOnly) {
            Set<String> methods = new TreeSet<>(buddyOnly);
            methods.add(method);
            buddyOnly = Set.copyOf(methods);
        }
        capabilities = capabilities();
    }

    /**
     * Admits requests from non-buddies that {@code grant} vouches for, such as an INVITE an IP-PBX sends to
     * the Contact the access server's redirect server gave it (FIG. 15). Called on transport threads.
     */
    public void admitWhen(Predicate<SipRequest> grant) {
        this.granted = grant;
    }

    /**
     * Routes NOTIFYs of the event package {@code eventPackage} (RFC 6665 section 8.2.1) to {@code handler};
     * NOTIFYs of other packages go to whoever handles the method.
     */
    public void onNotify(String eventPackage, RequestHandler handler) {
        routes.put("NOTIFY " + eventPackage.toLowerCase(java.util.Locale.ROOT), handler);
        capabilities = capabilities();
    }

    /**
     * Routes MESSAGEs whose body is of {@code contentType} to {@code handler}; other MESSAGEs go to whoever
     * handles the method. Without {@code buddiesOnly} such a MESSAGE passes the gate's buddy check (claim 1)
     * and {@code handler} decides whom to believe: a buddy request comes from a user who is no buddy yet
     * (FIG. 7 step 716).
     */
    public void onMessage(String contentType, boolean buddiesOnly, RequestHandler handler) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        routes.put("MESSAGE " + type, handler);
        Set<String> open = new TreeSet<>(openMessageTypes);
        if (buddiesOnly) {
            open.remove(type);
        } else {
            open.add(type);
        }
        openMessageTypes = Set.copyOf(open);
    }

    /** Where 2xx retransmissions for finished INVITE transactions go (call control, to re-send its ACK). */
    public void onStray2xx(Consumer<SipResponse> consumer) {
        this.stray2xx = consumer;
    }

    /**
     * Makes requests go over {@code transport} ("tcp") when their Request-URI names none (RFC 3263 would
     * otherwise pick UDP for a plain sip: URI with a port); {@code null} leaves the choice to the URI.
     */
    public void preferTransport(String transport) {
        this.preferredTransport = transport;
    }

    /**
     * Passes every request this agent sends through {@code decorator} first, before it is signed (the softswitch
     * adds its message key to presence subscriptions, docs/security.md).
     */
    public void decorateRequests(UnaryOperator<SipRequest> decorator) {
        this.decorator = decorator;
    }

    /**
     * Calls {@code listener} on the loop with every request that passed authentication and {@link #gate}, signed
     * by a certified peer, before its handler runs.
     */
    public void onVerifiedRequest(Consumer<SipEvent.IncomingRequest> listener) {
        this.verified = listener;
    }

    /** Sends {@code request} in a new client transaction; {@code handler} hears its responses on the loop. */
    public ClientTransaction send(SipRequest original, ResponseHandler handler) {
        SipRequest request = decorator.apply(original);
        SipRequest routed = request;
        if (preferredTransport != null) {
            Optional<io.peerswitch.wire.sip.SipUri> uri = io.peerswitch.wire.sip.SipUri.parse(request.requestUri());
            if (uri.isPresent() && !uri.get().parameters().containsKey("transport")) {
                routed = request.withRequestUri(uri.get().withParameter("transport", preferredTransport).toString());
            }
        }
        if (DIALOG_CREATING.contains(request.method()) && request.to().tag().isEmpty()) {
            // The far end is whom the Request-URI names: a buddy, or the access server (whose notice
            // subscription has our own address of record in To, FIG. 6).
            String callee = io.peerswitch.wire.sip.SipUri.parse(request.requestUri()).map(u -> u.user())
                    .filter(u -> u != null).map(u -> u.toLowerCase(java.util.Locale.ROOT)).orElse(userOf(request.to()));
            request.from().tag().ifPresent(tag -> dialogs.remember(request.callId(), tag,
                    new Dialogs.Peer(callee, !signs(callee))));
        }
        ClientTransaction tx = transport.send(routed);
        pending.put(tx.id(), handler);
        return tx;
    }

    /** Answers a request; an answer with a To tag to a request that opens a dialog makes the dialog known. */
    public void respond(ServerTransaction tx, SipResponse response) {
        Dialogs.Peer peer = response.status() >= 200 ? answering.remove(tx.id()) : answering.get(tx.id());
        if (response.status() >= 200 && response.cseq().method().equals("INVITE")) {
            outsideInvites.remove(response.callId() + "\n" + response.from().tag().orElse(""));
        }
        if (peer != null && response.status() > 100 && DIALOG_CREATING.contains(response.cseq().method())) {
            response.to().tag().ifPresent(tag -> dialogs.remember(response.callId(), tag, peer));
        }
        transport.respond(tx, response);
    }

    /** Answers {@code request} with {@code status} and the default reason phrase, adding {@code toTag} when set. */
    public void reply(SipEvent.IncomingRequest request, int status, String toTag) {
        request.transaction().ifPresent(tx -> respond(tx,
                toTag == null ? SipResponses.reply(request.request(), status, SipResponses.reasonPhrase(status))
                        : SipResponses.reply(request.request(), status, SipResponses.reasonPhrase(status), toTag)));
    }

    /** The transport underneath, for what lives outside transactions (ACK, 2xx retransmissions, CANCEL). */
    public SipTransport transport() {
        return transport;
    }

    /** The methods this endpoint implements, for Allow headers. */
    public Set<String> methods() {
        return capabilities.methods();
    }

    private UasChecks.Capabilities capabilities() {
        Set<String> methods = new TreeSet<>(handlers.keySet());
        routes.keySet().forEach(key -> methods.add(key.substring(0, key.indexOf(' '))));
        methods.add("ACK");
        methods.add("CANCEL");
        methods.add("OPTIONS");
        return new UasChecks.Capabilities(methods, Set.of(), CONTENT_TYPES, Set.of("sip", "sips"));
    }

    private void onEvent(SipEvent event) {
        switch (event) {
            case SipEvent.IncomingRequest request -> onRequest(request);
            case SipEvent.IncomingResponse(ClientTransaction tx, SipResponse response) -> {
                ResponseHandler handler = response.status() >= 200 ? pending.remove(tx.id()) : pending.get(tx.id());
                if (handler != null) {
                    handler.onResponse(response);
                }
            }
            case SipEvent.TransactionFailed(ClientTransaction tx, String reason) -> {
                ResponseHandler handler = pending.remove(tx.id());
                if (handler != null) {
                    handler.onFailure(reason);
                }
            }
            case SipEvent.Stray2xx(SipResponse response) -> stray2xx.accept(response);
        }
    }

    private void onRequest(SipEvent.IncomingRequest incoming) {
        SipRequest request = incoming.request();
        String method = request.method();
        if (method.equals("ACK")) {
            RequestHandler ack = handlers.get("ACK");
            if (ack != null && gate(request, incoming.authentication()).isEmpty()) {
                ack.handle(incoming);
            }
            return;
        }
        Optional<SipResponse> refused = gate(request, incoming.authentication());
        if (refused.isPresent()) {
            LOG.fine(() -> method + " from " + incoming.source() + " answered " + refused.get().status());
            incoming.transaction().ifPresent(tx -> transport.respond(tx, refused.get()));
            return;
        }
        if (incoming.peer().isPresent()) {
            verified.accept(incoming);
        }
        incoming.transaction().ifPresent(tx -> answering.put(tx.id(), incoming.peer()
                .map(p -> new Dialogs.Peer(p.userId(), false)).orElse(new Dialogs.Peer(null, true))));
        RequestHandler handler = routes.getOrDefault(routeKey(request), handlers.get(method));
        if (handler != null) {
            handler.handle(incoming);
        } else if (method.equals("CANCEL")) {
            reply(incoming, 481, null);
        }
    }

    /**
     * What the UAS core answers without any state (RFC 3261 sections 8.2.1-8.2.3, 8.2.7, 11.2, 12.2.2;
     * RFC 8224 section 6.2.2): an unsigned (428) or badly signed (438) request from anyone the settings do
     * not admit, answered alike whatever name it claims; an unsupported URI scheme, method, extension or
     * body; a signer who is no buddy opening a session (403, claim 1); a request with a To tag that matches
     * no dialog with its sender (481); OPTIONS (200). For an ACK any answer means "drop it". Thread-safe: the
     * transport may call it on a network thread, before any transaction exists.
     */
    public Optional<SipResponse> gate(SipRequest request, io.peerswitch.endpoint.identity.Authentication authentication) {
        String method = request.method();
        Optional<String> toTag = request.to().tag();
        Optional<io.peerswitch.endpoint.identity.PeerIdentity> peer = authentication.verifiedPeer();
        if (!method.equals("ACK")) {
            // Answers that depend on nothing but the request's own method, URI and fields come first: they tell
            // a scanner nothing about who we are or whom we know.
            Optional<SipResponse> unsupported = UasChecks.check(request, capabilities);
            if (unsupported.isPresent()) {
                return unsupported;
            }
        }
        if (peer.isEmpty() && !admitUnsigned) {
            // In a dialog we opened with a party that does not sign (a gateway; the access server's notice
            // subscription, FIG. 6), its NOTIFYs come too (RFC 6665 section 4.1.3).
            boolean admitted = toTag.isPresent()
                    ? (OUTSIDE_METHODS.contains(method) || method.equals("NOTIFY"))
                            && dialogs.find(request.callId(), toTag.get()).filter(Dialogs.Peer::outside).isPresent()
                    : method.equals("CANCEL") ? outsideInvites.contains(inviteKey(request))
                    : OUTSIDE_METHODS.contains(method) && granted.test(request);
            if (admitted && method.equals("INVITE") && toTag.isEmpty() && outsideInvites.size() < MAX_OUTSIDE_INVITES) {
                outsideInvites.add(inviteKey(request));
            }
            if (!admitted) {
                LOG.fine(() -> method + " refused: " + authentication);
                boolean failed = authentication instanceof io.peerswitch.endpoint.identity.Authentication.Failed;
                return Optional.of(SipResponses.reply(request, failed ? 438 : 428,
                        failed ? "Invalid Identity Header" : "Use Identity Header", SipResponses.statelessTag(request)));
            }
        }
        if (peer.isPresent() && toTag.isPresent() && !method.equals("CANCEL")) {
            String signer = peer.get().userId();
            boolean known = dialogs.find(request.callId(), toTag.get())
                    .filter(d -> signer.equalsIgnoreCase(d.userId())).isPresent();
            if (!known) {
                LOG.info(() -> method + " from " + signer + " refused: no such dialog");
                return Optional.of(SipResponses.reply(request, 481, "Call/Transaction Does Not Exist"));
            }
        }
        if (method.equals("ACK")) {
            return Optional.empty();
        }
        String sender = peer.map(io.peerswitch.endpoint.identity.PeerIdentity::userId).orElse(senderOf(request));
        if (buddyOnly.contains(method) && toTag.isEmpty() && !openToStrangers(request)
                && !isBuddy.test(sender) && !granted.test(request)) {
            LOG.info(() -> method + " from " + sender + " refused: not a buddy");
            return Optional.of(SipResponses.reply(request, 403, "Forbidden", SipResponses.statelessTag(request)));
        }
        if (method.equals("OPTIONS")) {
            return Optional.of(SipResponses.reply(request, 200, "OK", SipResponses.statelessTag(request))
                    .addHeader("Allow", String.join(", ", capabilities.methods()))
                    .addHeader("Accept", "application/sdp, text/plain, application/pidf+xml")
                    .addHeader("Accept-Language", "en"));
        }
        return Optional.empty();
    }

    /** Whether {@code request} is a MESSAGE of a body type whose handler checks the sender itself. */
    private boolean openToStrangers(SipRequest request) {
        return request.method().equals("MESSAGE") && openMessageTypes.contains(withoutParameters(request.contentType().orElse("")));
    }

    /**
     * Which kind of its method a request is: a NOTIFY by its event package (RFC 6665 section 8.2.1), a
     * MESSAGE by its body's media type (RFC 3428 section 9); {@code null} for other methods.
     */
    private static String routeKey(SipRequest request) {
        return switch (request.method()) {
            case "NOTIFY" -> "NOTIFY " + withoutParameters(request.header("Event").orElse(""));
            case "MESSAGE" -> "MESSAGE " + withoutParameters(request.contentType().orElse(""));
            default -> null;
        };
    }

    /** A header value up to its parameters, lower-cased: {@code Text/Plain;charset=UTF-8} is {@code text/plain}. */
    private static String withoutParameters(String value) {
        return value.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String inviteKey(SipRequest request) {
        return request.callId() + "\n" + request.from().tag().orElse("");
    }

    private static String userOf(io.peerswitch.wire.sip.NameAddr party) {
        return party.sipUri().map(u -> u.user() == null ? "" : u.user().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    /** The user ID a request claims to come from: the user part of its From URI, lower-cased. */
    public static String senderOf(SipRequest request) {
        return request.from().sipUri().map(u -> u.user() == null ? "" : u.user().toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    /** The loop this agent runs on. */
    public EventLoop loop() {
        return loop;
    }
}
