package io.peerswitch.server.sip;

import io.peerswitch.server.session.LocationOnline;
import io.peerswitch.server.session.SessionPrincipal;
import io.peerswitch.wire.WireJson;
import io.peerswitch.wire.notice.Notice;
import io.peerswitch.wire.routing.RoutingEntry;
import io.peerswitch.wire.session.NotificationChannel;
import io.peerswitch.wire.sip.SipMessage;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The server's channel to logged-in endpoints (FIG. 6): an endpoint SUBSCRIBEs to the event package
 * {@value NotificationChannel#EVENT_PACKAGE} (RFC 6665), signed with its location's credential (RFC 8224,
 * docs/security.md; no bearer token on the wire), the server keeps one subscription per location, signs its
 * answers and NOTIFYs as {@value NotificationChannel#SERVER_USER}, and NOTIFYs it over the flow the
 * SUBSCRIBE came on (RFC 5626 section 5.3) — among them the assist of FIG. 6 step 618 to every buddy behind
 * a NAT that drops unsolicited packets when a location logs in. Thread-safe; the stack's threads call it.
 */
public final class EndpointChannel {

    private static final Logger LOG = Logger.getLogger(EndpointChannel.class.getName());

    /** Longest subscription granted (RFC 6665 section 4.2.1.1); endpoints refresh at half of it. */
    public static final Duration MAX_EXPIRES = Duration.ofMinutes(10);
    private static final HexFormat HEX = HexFormat.of();

    /** Who signed a SUBSCRIBE: the live location its verified Identity names; empty when it is unsigned, badly signed or stale. */
    @FunctionalInterface
    public interface Authenticator {
        Optional<SessionPrincipal> authenticate(SipRequest subscribe);
    }

    /** Signs what the server sends on this channel (its answers and NOTIFYs). */
    @FunctionalInterface
    public interface Signer {
        SipMessage sign(SipMessage message);
    }

    /** One location's subscription: its dialog (RFC 6665 section 4.1.2) and the flow to NOTIFY over. */
    private record Subscription(SessionPrincipal principal, String callId, String remoteTag, String localTag, String remoteUri,
                                InetSocketAddress flow, String transport, long cseq, Instant expiresAt) {

        Subscription next() {
            return new Subscription(principal, callId, remoteTag, localTag, remoteUri, flow, transport, cseq + 1, expiresAt);
        }

        Subscription until(Instant newExpiry) {
            return new Subscription(principal, callId, remoteTag, localTag, remoteUri, flow, transport, cseq, newExpiry);
        }
    }

    private final ServerSipChannel sip;
    private final Authenticator authenticator;
    private final Signer signer;
    private final Clock clock;
    private final String contact;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Subscription> byLocation = new ConcurrentHashMap<>();

    /** @param contact the server's own Contact URI, e.g. {@code sip:_peerswitch@198.19.0.2:5060} */
    public EndpointChannel(ServerSipChannel sip, Authenticator authenticator, Signer signer, Clock clock, String contact) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.signer = signer;
        this.clock = clock;
        this.contact = contact;
        sip.onRequest(this::onRequest);
    }

    /** Live subscriptions now. */
    public int subscriptions() {
        purge();
        return byLocation.size();
    }

    /** Whether {@code locationId} is subscribed. */
    public boolean subscribed(String locationId) {
        Subscription s = byLocation.get(locationId);
        return s != null && clock.instant().isBefore(s.expiresAt());
    }

    /** Drops subscriptions that were not refreshed in time (RFC 6665 section 4.2.2). */
    public void purge() {
        Instant now = clock.instant();
        byLocation.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    private void onRequest(ServerSipChannel.Incoming incoming) {
        SipRequest request = incoming.request();
        switch (request.method()) {
            case "SUBSCRIBE" -> onSubscribe(incoming);
            case "OPTIONS" -> sip.respond(incoming, SipResponses.reply(request, 200, "OK", SipResponses.statelessTag(request))
                    .addHeader("Allow", "SUBSCRIBE, NOTIFY, OPTIONS").addHeader("Allow-Events", NotificationChannel.EVENT_PACKAGE));
            case "ACK" -> { }
            default -> sip.respond(incoming, SipResponses.reply(request, 405, "Method Not Allowed", SipResponses.statelessTag(request))
                    .addHeader("Allow", "SUBSCRIBE, NOTIFY, OPTIONS"));
        }
    }

    /** RFC 6665 section 4.2.1: authorize, create, refresh or end a subscription, then NOTIFY its state. */
    private void onSubscribe(ServerSipChannel.Incoming incoming) {
        SipRequest subscribe = incoming.request();
        String tag = SipResponses.statelessTag(subscribe);
        String event = subscribe.header("Event").map(e -> e.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!event.equals(NotificationChannel.EVENT_PACKAGE)) {
            sip.respond(incoming, SipResponses.reply(subscribe, 489, "Bad Event", tag)
                    .addHeader("Allow-Events", NotificationChannel.EVENT_PACKAGE));
            return;
        }
        Optional<SessionPrincipal> principal = authenticator.authenticate(subscribe);
        if (principal.isEmpty()) {
            boolean signed = subscribe.header(io.peerswitch.wire.identity.SipSignatures.HEADER).isPresent();
            // Unsigned or badly signed (RFC 8224 section 6.2.2); answered unsigned, as an endpoint answers a stranger.
            sip.respond(incoming, SipResponses.reply(subscribe, signed ? 438 : 428,
                    signed ? "Invalid Identity Header" : "Use Identity Header", tag));
            return;
        }
        String fromUser = subscribe.from().sipUri().map(u -> u.user() == null ? "" : u.user().toLowerCase(Locale.ROOT)).orElse("");
        if (!fromUser.equals(principal.get().userId())) {
            sip.respond(incoming, (SipResponse) signer.sign(SipResponses.reply(subscribe, 403, "Forbidden", tag)));
            return;
        }
        long requested = subscribe.header("Expires").map(EndpointChannel::seconds).orElse(MAX_EXPIRES.toSeconds());
        long granted = Math.min(requested, MAX_EXPIRES.toSeconds());
        Instant now = clock.instant();
        String locationId = principal.get().locationId();
        Optional<String> toTag = subscribe.to().tag();
        Subscription existing = byLocation.get(locationId);
        Subscription subscription;
        if (toTag.isPresent()) {
            if (existing == null || !existing.callId().equals(subscribe.callId()) || !existing.localTag().equals(toTag.get())) {
                sip.respond(incoming, (SipResponse) signer.sign(SipResponses.reply(subscribe, 481, "Subscription Does Not Exist", toTag.get())));
                return;
            }
            subscription = existing.until(now.plusSeconds(granted));
        } else {
            subscription = new Subscription(principal.get(), subscribe.callId(), subscribe.from().tag().orElse(""), newTag(),
                    subscribe.from().uri(), incoming.source(), incoming.transport(), 0, now.plusSeconds(granted));
        }
        sip.respond(incoming, (SipResponse) signer.sign(SipResponses.reply(subscribe, 200, "OK", subscription.localTag())
                .addHeader("Expires", Long.toString(granted)).addHeader("Contact", "<" + contact + ">")));
        if (granted == 0) {
            if (existing != null) {
                byLocation.remove(locationId, existing);
            }
            send(subscription.next(), new Notice(Notice.TERMINATED, null), "terminated;reason=timeout");
            return;
        }
        byLocation.put(locationId, subscription);
        if (toTag.isEmpty()) {
            LOG.fine(() -> "location " + locationId + " of " + fromUser + " subscribed from " + incoming.source());
            notify(locationId, new Notice(Notice.SUBSCRIBED, null));
        }
    }

    /**
     * A location logged in (FIG. 6 step 616): every online buddy location behind a NAT that drops unsolicited
     * packets, and subscribed, is told to ping it (step 618). Only buddies: the event carries the newcomer's
     * accepted buddies only.
     */
    public void onLocationOnline(LocationOnline event) {
        for (RoutingEntry buddy : AssistPolicy.assisted(event.location(), event.buddies())) {
            if (subscribed(buddy.locationId())) {
                LOG.fine(() -> "assist: " + buddy.userId() + " (" + buddy.natType() + ") to ping " + event.location().userId());
                notify(buddy.locationId(), Notice.assist(event.location()));
            }
        }
    }

    /**
     * Something was stored for a user while it may be online (FIG. 10 step 1010): each of its online
     * locations (from the session table) that is subscribed is told, and fetches it.
     */
    public void onItemStored(List<String> locationIds, io.peerswitch.wire.pending.PendingItem item) {
        for (String locationId : locationIds) {
            if (subscribed(locationId)) {
                notify(locationId, Notice.pending(item));
            }
        }
    }

    /** Tells {@code locationIds}' subscriptions that their routing tables changed (FIG. 14 step 1410). */
    public void onRoutesChanged(List<String> locationIds, long version) {
        for (String locationId : locationIds) {
            if (subscribed(locationId)) {
                notify(locationId, Notice.routes(version));
            }
        }
    }

    /** NOTIFYs the live subscription of {@code locationId}, if any, with the next CSeq of its dialog. */
    private void notify(String locationId, Notice notice) {
        Subscription s = byLocation.computeIfPresent(locationId, (id, old) -> old.next());
        if (s != null) {
            send(s, notice, null);
        }
    }

    private void send(Subscription s, Notice notice, String terminated) {
        long left = Math.max(0, Duration.between(clock.instant(), s.expiresAt()).toSeconds());
        InetSocketAddress flow = s.flow();
        String host = flow.getAddress().getHostAddress();
        String target = "sip:" + s.principal().userId() + "@" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + flow.getPort()
                + (s.transport().equalsIgnoreCase("UDP") ? "" : ";transport=" + s.transport().toLowerCase(Locale.ROOT));
        SipRequest notify = new SipRequest("NOTIFY", target, List.of(), new byte[0])
                .addHeader("Max-Forwards", "70")
                .addHeader("From", "<" + contact + ">;tag=" + s.localTag())
                .addHeader("To", "<" + s.remoteUri() + ">" + (s.remoteTag().isEmpty() ? "" : ";tag=" + s.remoteTag()))
                .addHeader("Call-ID", s.callId())
                .addHeader("CSeq", s.cseq() + " NOTIFY")
                .addHeader("Contact", "<" + contact + ">")
                .addHeader("Event", NotificationChannel.EVENT_PACKAGE)
                .addHeader("Subscription-State", terminated != null ? terminated : "active;expires=" + left)
                .withBody(NotificationChannel.CONTENT_TYPE, WireJson.encode(notice));
        String location = s.principal().locationId();
        sip.send((SipRequest) signer.sign(notify.addFirstHeader("Via", sip.newVia(s.transport()))), s.transport(), outcome -> {
            boolean gone = switch (outcome) {
                case ServerSipChannel.Outcome.Answered(SipResponse r) -> r.status() >= 300 && r.status() != 401 && r.status() != 407
                        && r.header("Retry-After").isEmpty();
                case ServerSipChannel.Outcome.Failed f -> true;
            };
            if (gone) {
                // A NOTIFY that failed ends the subscription (RFC 6665 section 4.2.2); the endpoint subscribes again.
                byLocation.computeIfPresent(location, (id, sub) -> sub.callId().equals(s.callId()) ? null : sub);
                LOG.fine(() -> "subscription of location " + location + " ended: NOTIFY " + outcome);
            }
        });
    }

    private String newTag() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return MAX_EXPIRES.toSeconds();
        }
    }
}
