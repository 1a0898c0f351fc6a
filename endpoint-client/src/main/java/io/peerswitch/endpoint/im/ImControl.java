package io.peerswitch.endpoint.im;

import io.peerswitch.endpoint.e2e.Envelope;
import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.routing.PeerLocation;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * IM control (FIG. 2b): instant messages sent directly to a buddy as SIP MESSAGE requests (RFC 3428),
 * UTF-8 text sealed for the message key of the buddy's installation (S/MIME, RFC 3261 section 23 and
 * RFC 8551, see {@link MessageCrypto}) when its routing entry carries one, plain otherwise; the buddy's
 * 2xx is the delivery confirmation. A message goes to the buddy's
 * locations in turn until one confirms it; when none does, the outcome says whether the buddy was
 * offline, unreachable or refused it, so the softswitch can leave the message on the access server for
 * the first two (claims 15-18). Runs on the softswitch's loop.
 */
public final class ImControl {

    private static final Logger LOG = Logger.getLogger(ImControl.class.getName());

    /** Largest text sent over UDP (RFC 3428 section 5: keep MESSAGE under 1300 bytes without congestion control, with its Identity header, docs/security.md). */
    public static final int MAX_UDP_BYTES = 600;
    /** Largest text sent at all (then over TCP). */
    public static final int MAX_BYTES = 60 * 1024;
    /** The content type of the texts. */
    public static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

    /** A message that arrived; {@code encrypted} when it came sealed for our message key. */
    public record Received(String from, String text, java.net.InetSocketAddress source, boolean encrypted) {
    }

    /** What became of a message sent. */
    public sealed interface Outcome {
        /** A location of the buddy answered 2xx. */
        record Delivered(String location) implements Outcome {
        }

        /** Not delivered: {@code reason} for the user, {@code cause} for the softswitch to decide what else to try. */
        record NotDelivered(String reason, Cause cause) implements Outcome {
            public NotDelivered {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(cause, "cause");
            }
        }

        /**
         * Not delivered directly because the buddy is offline or unreachable, so left on the access server
         * for the buddy's next login (claims 15-18); {@code messageId} is the server's name for it. ImControl
         * itself never yields this: the softswitch does, after the deposit.
         */
        record Stored(Cause cause, String messageId) implements Outcome {
            public Stored {
                if (!cause.storable()) {
                    throw new IllegalArgumentException("a message not delivered because " + cause + " is not stored");
                }
                Objects.requireNonNull(messageId, "messageId");
            }

            /** {@code offline} or {@code unreachable}, as the transcript says it. */
            public String reason() {
                return cause.name().toLowerCase(Locale.ROOT);
            }
        }

        /** Why a message was not delivered directly. */
        enum Cause {
            /** No location in the routing table: offline per the server, or it said it went offline (claims 16, 17). */
            OFFLINE,
            /** Locations known, none answered: transaction timeout or transport failure (claim 18). */
            UNREACHABLE,
            /** A location answered with a final non-2xx: the buddy's endpoint refused it. */
            REFUSED,
            /** Too long to send at all. */
            TOO_LONG,
            /** Offline or unreachable, and the access server would not or could not keep it. */
            NOT_STORED;

            /** Whether a message not delivered for this cause goes to the access server instead. */
            public boolean storable() {
                return this == OFFLINE || this == UNREACHABLE;
            }
        }
    }

    /** What one location did with a MESSAGE: a final non-2xx {@code status}, or 0 when no answer came or it could not be sent. */
    record Attempt(String location, int status, String reason) {
    }

    private final SignalingAgent agent;
    private final RoutingTable routing;
    private final PeerControl peers;
    private final Supplier<LocalParty> me;
    private final List<Consumer<Received>> listeners = new ArrayList<>();
    private final MessageCrypto crypto;

    /** IM control without a message key: it sends and reads plain text only. */
    public ImControl(SignalingAgent agent, RoutingTable routing, PeerControl peers, Supplier<LocalParty> me) {
        this(agent, routing, peers, me, null);
    }

    /** IM control that seals for buddies' message keys and opens with ours ({@code crypto}; null: plain text only). */
    public ImControl(SignalingAgent agent, RoutingTable routing, PeerControl peers, Supplier<LocalParty> me, MessageCrypto crypto) {
        this.agent = agent;
        this.routing = routing;
        this.peers = peers;
        this.me = me;
        this.crypto = crypto;
        agent.on("MESSAGE", true, this::onMessage);
    }

    /** Calls {@code listener} with every message received. */
    public void onReceived(Consumer<Received> listener) {
        listeners.add(listener);
    }

    /** Sends {@code text} to {@code userId}; the future says whether a location confirmed it. */
    public CompletableFuture<Outcome> send(String userId, String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return CompletableFuture.completedFuture(new Outcome.NotDelivered("longer than " + MAX_BYTES + " bytes",
                    Outcome.Cause.TOO_LONG));
        }
        List<PeerLocation> locations = routing.locations(userId);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        attempt(userId, text, locations.iterator(), outcome, new ArrayList<>());
        return outcome;
    }

    /**
     * Why no location confirmed a message to {@code userId}, from what each one did: none known is
     * offline; an answer from any of them is a refusal (the buddy is there and said no); otherwise, when
     * none answered at all or only with "not now" (408, 480, 503: RFC 3261 sections 21.4.9, 21.4.18,
     * 21.5.4), unreachable.
     */
    /** Answers that say "not now" rather than "no": the message is left on the server as for an unreachable buddy. */
    private static final java.util.Set<Integer> NOT_NOW = java.util.Set.of(408, 480, 503);

    static Outcome.NotDelivered notDelivered(String userId, List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return new Outcome.NotDelivered(userId + " is not online", Outcome.Cause.OFFLINE);
        }
        return attempts.reversed().stream().filter(a -> a.status() != 0 && !NOT_NOW.contains(a.status())).findFirst()
                .map(refused -> new Outcome.NotDelivered(refused.reason(), Outcome.Cause.REFUSED))
                .orElseGet(() -> new Outcome.NotDelivered(attempts.getLast().reason(), Outcome.Cause.UNREACHABLE));
    }

    private void attempt(String userId, String text, Iterator<PeerLocation> next, CompletableFuture<Outcome> outcome,
                         List<Attempt> attempts) {
        if (!next.hasNext()) {
            outcome.complete(notDelivered(userId, attempts));
            return;
        }
        PeerLocation location = next.next();
        LocalParty self = me.get();
        String target = location.targetUri();
        Optional<ECPublicKey> key = crypto == null ? Optional.empty()
                : location.messageKey().flatMap(credential -> crypto.keyOf(userId, credential));
        if (crypto != null && location.messageKey().isPresent() && key.isEmpty()) {
            // A message key we cannot believe: never fall back to plain text for it.
            attempts.add(new Attempt(location.locationId(), 0, "its message key is not certified for " + userId));
            attempt(userId, text, next, outcome, attempts);
            return;
        }
        byte[] body = key.map(k -> crypto.seal(text, List.of(k))).orElseGet(() -> text.getBytes(StandardCharsets.UTF_8));
        if (body.length > MAX_UDP_BYTES && !target.contains("transport=")) {
            target = target + ";transport=tcp";
        }
        SipRequest message = self.request("MESSAGE", target, userId).withBody(key.isPresent() ? Envelope.CONTENT_TYPE : TEXT_PLAIN, body);
        agent.send(message, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() < 200) {
                    return;
                }
                if (response.status() < 300) {
                    peers.confirmed(userId, null, null);
                    outcome.complete(new Outcome.Delivered(location.locationId()));
                } else {
                    attempts.add(new Attempt(location.locationId(), response.status(), response.status() + " " + response.reason()));
                    attempt(userId, text, next, outcome, attempts);
                }
            }

            @Override
            public void onFailure(String reason) {
                attempts.add(new Attempt(location.locationId(), 0, reason));
                attempt(userId, text, next, outcome, attempts);
            }
        });
    }

    private void onMessage(SipEvent.IncomingRequest incoming) {
        SipRequest message = incoming.request();
        String type = message.contentType().orElse("text/plain").toLowerCase(Locale.ROOT);
        boolean enveloped = type.startsWith("application/pkcs7-mime") && crypto != null;
        if (!type.startsWith("text/plain") && !enveloped) {
            incoming.transaction().ifPresent(tx -> agent.respond(tx,
                    io.peerswitch.wire.sip.SipResponses.reply(message, 415, "Unsupported Media Type")
                            .addHeader("Accept", crypto == null ? "text/plain" : "application/pkcs7-mime, text/plain")));
            return;
        }
        String text;
        if (enveloped) {
            switch (crypto.open(message.body())) {
                case MessageCrypto.Opened.Text opened -> text = opened.text();
                case MessageCrypto.Opened.Refused refused -> {
                    // RFC 3261 section 23.2: a body we cannot decrypt is 493 Undecipherable.
                    LOG.fine(() -> "message from " + SignalingAgent.senderOf(message) + " not opened: " + refused.reason());
                    agent.reply(incoming, 493, null);
                    return;
                }
            }
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(message.body())).toString();
            } catch (CharacterCodingException e) {
                agent.reply(incoming, 400, null);
                return;
            }
        }
        agent.reply(incoming, 200, Ids.tag());
        String from = SignalingAgent.senderOf(message);
        String contact = message.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
        if (contact != null) {
            routing.heard(from, contact, incoming.source(), NatType.UNKNOWN);
        }
        peers.confirmed(from, null, null);
        LOG.fine(() -> "message from " + from + " (" + message.body().length + " bytes)");
        Received received = new Received(from, text, incoming.source(), enveloped);
        listeners.forEach(l -> l.accept(received));
    }
}
