package io.peerswitch.endpoint.call;

import io.peerswitch.endpoint.call.sdp.AnswerResult;
import io.peerswitch.endpoint.call.sdp.Direction;
import io.peerswitch.endpoint.call.sdp.LocalMedia;
import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.call.sdp.NegotiationResult;
import io.peerswitch.endpoint.call.sdp.OfferAnswer;
import io.peerswitch.endpoint.call.sdp.Role;
import io.peerswitch.endpoint.call.sdp.SdpCodec;
import io.peerswitch.endpoint.call.sdp.SdpParseResult;
import io.peerswitch.endpoint.call.sdp.SessionDescription;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.peer.PeerControl;
import io.peerswitch.endpoint.routing.PeerLocation;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.sip.ClientTransaction;
import io.peerswitch.endpoint.sip.Dialog;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.ServerTransaction;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.nat.NatType;
import io.peerswitch.wire.sip.DigestOffer;
import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Call control (FIG. 2b, FIG. 3a and 3b): sets up calls directly with a buddy — INVITE with an SDP offer
 * (PCMU, PCMA, telephone-event), 180, 200, ACK, BYE, CANCEL; 486 when busy; a no-answer timeout;
 * hold and resume by re-INVITE (RFC 3264 section 8.4). Each call is one explicit state machine
 * ({@link CallState}, {@link CallEvent}); all of it runs on the softswitch's loop.
 */
public final class CallControl {

    private static final Logger LOG = Logger.getLogger(CallControl.class.getName());

    /** RFC 3261 timer T1. */
    public static final Duration T1 = Duration.ofMillis(500);
    /** RFC 3261 timer T2. */
    public static final Duration T2 = Duration.ofSeconds(4);
    /** How long a BYE or CANCEL may wait for its answer before the call is ended anyway (64*T1). */
    public static final Duration CLOSE_WAIT = T1.multipliedBy(64);
    /** How often an encrypted call looks whether its DTLS-SRTP handshake failed, while it is under way. */
    public static final Duration SECURITY_CHECK = Duration.ofSeconds(1);
    /** Codecs offered and accepted, most preferred first. */
    public static final List<AudioCodec> CODECS = AudioCodec.all();


    private final SignalingAgent agent;
    private final EventLoop loop;
    private final RoutingTable routing;
    private final PeerControl peers;
    private final Supplier<LocalParty> me;
    private final MediaChannel.Factory media;
    private final Settings settings;
    private final Consumer<CallView> onChange;
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private Consumer<String> onDtmf = digit -> { };
    private int nextId = 1;

    /** How this endpoint takes calls. */
    public record Settings(boolean autoAnswer, Duration noAnswerTimeout, BooleanSupplier busy, int maxCalls) {
    }

    public CallControl(SignalingAgent agent, RoutingTable routing, PeerControl peers, Supplier<LocalParty> me,
                       MediaChannel.Factory media, Settings settings, Consumer<CallView> onChange) {
        this.agent = agent;
        this.loop = agent.loop();
        this.routing = routing;
        this.peers = peers;
        this.me = me;
        this.media = media;
        this.settings = settings;
        this.onChange = onChange;
        agent.on("INVITE", true, this::onInvite);
        agent.on("ACK", false, this::onAck);
        agent.on("BYE", false, this::onBye);
        agent.on("CANCEL", false, this::onCancel);
        agent.onStray2xx(this::onStray2xx);
    }

    /** Where received DTMF digits are reported, as {@code callId:digit}. */
    public void onDtmf(Consumer<String> listener) {
        this.onDtmf = listener;
    }

    /** Every call this endpoint knows, oldest first (ended ones included until {@link #forgetEnded()}). */
    public List<CallView> calls() {
        return calls.values().stream().map(Call::view).toList();
    }

    /** The call {@code id}. */
    public Optional<CallView> call(String id) {
        return Optional.ofNullable(calls.get(id)).map(Call::view);
    }

    /** Drops ended calls from {@link #calls()}. */
    public void forgetEnded() {
        calls.values().removeIf(c -> c.state == CallState.ENDED);
    }

    /** Calls {@code userId} at its best location (FIG. 3a steps 302-312); the future holds the call's ID. */
    public CompletableFuture<String> dial(String userId) {
        if (!peers.isAcceptedBuddy(userId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(userId + " is not a buddy"));
        }
        Optional<PeerLocation> location = routing.best(userId);
        if (location.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException(userId + " is not online"));
        }
        if (active() >= settings.maxCalls()) {
            return CompletableFuture.failedFuture(new IllegalStateException("already " + settings.maxCalls() + " calls"));
        }
        String id = Integer.toString(nextId++);
        MediaChannel channel;
        try {
            channel = media.open(id);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call call = new Call(id, userId, true, channel);
        call.verified = !agent.admitsUnsigned(); // the transport takes only the buddy's signed answers
        calls.put(id, call);
        call.dial(location.get().targetUri(), "<sip:" + userId + "@" + me.get().domain() + ">");
        return CompletableFuture.completedFuture(id);
    }

    /** Digest credentials a gateway may ask for (RFC 3261 section 22.2). */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[" + username + "/***]";
        }
    }

    /**
     * Calls {@code number} through a gateway or IP-PBX outside the network (FIG. 13 step 1308): INVITE straight to
     * {@code requestUri}, answering one 401/407 challenge with {@code credentials} when given; RTP directly.
     */
    public CompletableFuture<String> dialExternal(String number, String requestUri, Credentials credentials) {
        if (active() >= settings.maxCalls()) {
            return CompletableFuture.failedFuture(new IllegalStateException("already " + settings.maxCalls() + " calls"));
        }
        String id = Integer.toString(nextId++);
        MediaChannel channel;
        try {
            channel = media.open(id);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        Call call = new Call(id, number, true, channel);
        call.verified = false; // a gateway does not sign (docs/security.md, outside devices)
        call.credentials = credentials;
        calls.put(id, call);
        call.dial(requestUri, "<" + requestUri.replaceFirst(";.*$", "") + ">");
        return CompletableFuture.completedFuture(id);
    }

    /** Answers the ringing incoming call {@code id} (FIG. 3b steps 360-372). */
    public void answer(String id) {
        withCall(id, call -> call.on(new CallEvent.Answer()));
    }

    /** Refuses the ringing incoming call {@code id} with 486 Busy Here. */
    public void reject(String id) {
        withCall(id, call -> call.on(new CallEvent.Reject()));
    }

    /** Hangs up call {@code id}: BYE when connected, CANCEL while ringing out, 486 while ringing in. */
    public void hangup(String id) {
        withCall(id, call -> call.on(new CallEvent.Hangup()));
    }

    /** Puts call {@code id} on hold (re-INVITE with {@code a=sendonly}). */
    public void hold(String id) {
        withCall(id, call -> call.reinvite(true));
    }

    /** Takes call {@code id} off hold. */
    public void resume(String id) {
        withCall(id, call -> call.reinvite(false));
    }

    /** Sends DTMF digits in call {@code id} (RFC 4733). */
    public void dtmf(String id, String digits) {
        withCall(id, call -> {
            if (call.state == CallState.ACTIVE) {
                call.channel.dtmf(digits);
            }
        });
    }

    /** Hangs up every call (logout). */
    public void hangupAll() {
        new ArrayList<>(calls.values()).forEach(c -> c.on(new CallEvent.Hangup()));
    }

    private long active() {
        return calls.values().stream().filter(c -> c.state != CallState.ENDED).count();
    }

    private void withCall(String id, Consumer<Call> action) {
        Call call = calls.get(id);
        if (call == null) {
            throw new IllegalArgumentException("no call " + id);
        }
        action.accept(call);
    }

    // ---------------------------------------------------------------- requests from peers

    private void onInvite(SipEvent.IncomingRequest incoming) {
        SipRequest invite = incoming.request();
        if (invite.to().tag().isPresent()) {
            Call call = byDialog(invite);
            if (call == null) {
                agent.reply(incoming, 481, null);
            } else {
                call.onReinvite(incoming);
            }
            return;
        }
        String from = SignalingAgent.senderOf(invite);
        if (settings.busy().getAsBoolean() || active() >= settings.maxCalls()) {
            agent.reply(incoming, 486, Ids.tag());
            return;
        }
        SessionDescription offer = null;
        if (invite.body().length > 0) {
            if (!(SdpCodec.parse(new String(invite.body(), StandardCharsets.UTF_8)) instanceof SdpParseResult.Parsed(SessionDescription parsed))) {
                reply(incoming, SipResponses.reply(invite, 400, "Bad Request (malformed SDP)", Ids.tag()));
                return;
            }
            offer = parsed;
        }
        String id = Integer.toString(nextId++);
        MediaChannel channel;
        try {
            channel = media.open(id);
        } catch (IOException e) {
            reply(incoming, SipResponses.reply(invite, 500, "Server Internal Error (no media port)", Ids.tag()));
            return;
        }
        Call call = new Call(id, from, false, channel);
        call.verified = incoming.peer().isPresent();
        if (!call.offered(incoming, offer)) {
            channel.close();
            return;
        }
        calls.put(id, call);
        if (incoming.peer().isPresent()) {
            // Only a certified buddy's INVITE says where that buddy is; an outside device's teaches nothing.
            String contact = invite.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).orElse(null);
            routing.heard(from, contact, incoming.source(), NatType.UNKNOWN);
            peers.confirmed(from, null, null);
        }
        call.changed();
        if (settings.autoAnswer()) {
            call.on(new CallEvent.Answer());
        }
    }

    private void onAck(SipEvent.IncomingRequest incoming) {
        Call call = byDialog(incoming.request());
        if (call != null) {
            call.on(new CallEvent.Ack(incoming.request()));
        }
    }

    private void onBye(SipEvent.IncomingRequest incoming) {
        Call call = byDialog(incoming.request());
        if (call == null) {
            agent.reply(incoming, 481, null);
        } else {
            call.on(new CallEvent.Bye(incoming));
        }
    }

    private void onCancel(SipEvent.IncomingRequest incoming) {
        SipRequest cancel = incoming.request();
        Call call = calls.values().stream()
                .filter(c -> !c.outgoing && c.invite != null && c.invite.callId().equals(cancel.callId())
                        && c.invite.cseq().number() == cancel.cseq().number()
                        && c.invite.from().tag().equals(cancel.from().tag()))
                .findFirst().orElse(null);
        if (call == null) {
            agent.reply(incoming, 481, null);
        } else {
            call.on(new CallEvent.Cancel(incoming));
        }
    }

    private void onStray2xx(SipResponse response) {
        calls.values().stream().filter(c -> c.outgoing && c.invite != null && c.invite.callId().equals(response.callId()))
                .findFirst().ifPresent(c -> c.on(new CallEvent.Accepted(response)));
    }

    private Call byDialog(SipRequest request) {
        return calls.values().stream().filter(c -> c.dialog != null && c.dialog.matches(request)).findFirst().orElse(null);
    }

    /** The Allow header value (RFC 3261 section 20.5): exactly the methods this endpoint answers. */
    private String allow() {
        return String.join(", ", agent.methods());
    }

    private void reply(SipEvent.IncomingRequest incoming, SipResponse response) {
        incoming.transaction().ifPresent(tx -> agent.respond(tx, response));
    }

    // ---------------------------------------------------------------- one call

    /** One call's state machine. */
    private final class Call {

        final String id;
        final String peer;
        final boolean outgoing;
        final MediaChannel channel;
        /** Whether the peer is a certified location whose every message was verified; false for an outside device. */
        boolean verified = true;
        final String sessionId = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        CallState state;
        SipRequest invite;
        Credentials credentials;
        boolean challenged;
        ClientTransaction inviteTx;
        ServerTransaction inviteServerTx;
        Dialog dialog;
        SessionDescription localSdp;
        SessionDescription remoteSdp;
        NegotiatedMedia negotiated;
        SipResponse final2xx;
        Duration retransmitInterval;
        EventLoop.Timer timer;
        EventLoop.Timer ackTimer;
        boolean reinvitePending;
        boolean localHold;
        boolean remoteHold;
        Instant connected;
        Instant ended;
        String endReason;
        CallView.Unanswered unanswered;
        MediaChannel.Closed closed;

        Call(String id, String peer, boolean outgoing, MediaChannel channel) {
            this.id = id;
            this.peer = peer;
            this.outgoing = outgoing;
            this.channel = channel;
        }

        CallView view() {
            return new CallView(id, peer, outgoing, state, negotiated == null ? null : negotiated.codec().encodingName(),
                    localHold, remoteHold, connected, ended, endReason, closed == null ? channel.stats() : closed.stats(),
                    closed == null ? null : closed.heardHertz(), unanswered, verified,
                    negotiated != null && negotiated.encrypted());
        }

        void changed() {
            onChange.accept(view());
        }

        // -- outgoing

        void dial(String targetUri, String to) {
            LocalParty self = me.get();
            localSdp = OfferAnswer.offer(local(false), Direction.SENDRECV, 1);
            state = CallState.CALLING;
            sendInvite(new SipRequest("INVITE", targetUri, List.of(), new byte[0])
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", NameAddr.parse(self.nameAddr()).orElseThrow().withTag(Ids.tag()).toString())
                    .addHeader("To", to)
                    .addHeader("Call-ID", Ids.callId(self.contact().getAddress().getHostAddress()))
                    .addHeader("CSeq", "1 INVITE")
                    .addHeader("Contact", self.contactHeader())
                    .addHeader("Allow", allow())
                    .withBody("application/sdp", SdpCodec.format(localSdp).getBytes(StandardCharsets.UTF_8)));
            timer = loop.schedule(settings.noAnswerTimeout(), () -> on(new CallEvent.NoAnswerTimeout()));
            changed();
        }

        private void sendInvite(SipRequest request) {
            invite = request;
            inviteTx = agent.send(invite, new SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(SipResponse response) {
                    int s = response.status();
                    on(s < 200 ? new CallEvent.Provisional(response)
                            : s < 300 ? new CallEvent.Accepted(response) : new CallEvent.Refused(response));
                }

                @Override
                public void onFailure(String reason) {
                    on(new CallEvent.NoResponse(reason));
                }
            });
        }

        /**
         * Answers a gateway's 401/407 once (RFC 3261 section 22.2): the INVITE again with the next CSeq and
         * Authorization or Proxy-Authorization; false when there is nothing to answer with.
         */
        private boolean answerChallenge(SipResponse response) {
            if (credentials == null || challenged || (response.status() != 401 && response.status() != 407)) {
                return false;
            }
            String challengeHeader = response.status() == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
            String authorizationHeader = response.status() == 401 ? "Authorization" : "Proxy-Authorization";
            for (String value : response.headers(challengeHeader)) {
                Optional<String> answer = DigestOffer.parse(value)
                        .flatMap(offer -> offer.answer(credentials.username(), credentials.password(), "INVITE",
                                invite.requestUri(), Ids.tag()));
                if (answer.isPresent()) {
                    challenged = true;
                    sendInvite(invite.withHeader("CSeq", (invite.cseq().number() + 1) + " INVITE")
                            .withoutHeader(authorizationHeader).addHeader(authorizationHeader, answer.get()));
                    return true;
                }
            }
            return false;
        }

        // -- incoming

        boolean offered(SipEvent.IncomingRequest incoming, SessionDescription offer) {
            SipRequest request = incoming.request();
            invite = request;
            inviteServerTx = incoming.transaction().orElse(null);
            String tag = Ids.tag();
            dialog = Dialog.asUas(request, tag, me.get().contactHeader());
            if (offer != null) {
                switch (OfferAnswer.answer(offer, local(true), Direction.SENDRECV, 1)) {
                    case AnswerResult.Answer(SessionDescription answer) -> {
                        remoteSdp = offer;
                        localSdp = answer;
                    }
                    case AnswerResult.NotAcceptable(String reason) -> {
                        reply(incoming, SipResponses.reply(request, 488, "Not Acceptable Here", tag)
                                .addHeader("Warning", "304 peerswitch \"" + reason.replace('"', '\'') + "\""));
                        return false;
                    }
                }
            } else {
                localSdp = OfferAnswer.offer(local(false), Direction.SENDRECV, 1); // delayed offer: ours goes in the 200
            }
            state = CallState.RINGING;
            respondInvite(SipResponses.reply(request, 180, "Ringing", tag).addHeader("Contact", me.get().contactHeader()));
            return true;
        }

        // -- the state machine

        void on(CallEvent event) {
            if (state == CallState.ENDED) {
                if (event instanceof CallEvent.Accepted(SipResponse response)) {
                    ackAndBye(response); // a 2xx that crossed our CANCEL or came after the end
                } else if (event instanceof CallEvent.Bye(SipEvent.IncomingRequest bye)) {
                    agent.reply(bye, 200, null);
                }
                return;
            }
            switch (event) {
                case CallEvent.Provisional(SipResponse response) -> {
                    if (state == CallState.CALLING && (response.status() == 180 || response.status() == 183)) {
                        state = CallState.RINGING;
                        changed();
                    }
                }
                case CallEvent.Accepted(SipResponse response) -> accepted(response);
                case CallEvent.Refused(SipResponse response) -> {
                    if (state == CallState.ACTIVE) {
                        return; // a late refusal of a re-INVITE is handled by its own handler
                    }
                    if (outgoing && state != CallState.ENDING && answerChallenge(response)) {
                        return;
                    }
                    if (outgoing && unanswered == null) {
                        unanswered = unanswered(response.status());
                    }
                    end(refusal(response));
                }
                case CallEvent.NoResponse(String reason) -> {
                    if (outgoing && state != CallState.ENDING) {
                        unanswered = CallView.Unanswered.UNREACHABLE;
                    }
                    end(state == CallState.ENDING ? endReason : "no answer (" + reason + ")");
                }
                case CallEvent.NoAnswerTimeout() -> {
                    if (outgoing && (state == CallState.CALLING || state == CallState.RINGING)) {
                        unanswered = CallView.Unanswered.NO_ANSWER;
                        cancelInvite("no answer");
                    }
                }
                case CallEvent.Answer() -> answer();
                case CallEvent.Reject() -> {
                    if (!outgoing && state == CallState.RINGING) {
                        respondInvite(SipResponses.reply(invite, 486, "Busy Here", dialog.localTag()));
                        end("rejected");
                    }
                }
                case CallEvent.Hangup() -> hangup();
                case CallEvent.Ack(SipRequest ack) -> acked(ack);
                case CallEvent.Retransmit2xx() -> retransmit();
                case CallEvent.SecurityCheck() -> checkSecurity();
                case CallEvent.AckTimeout() -> {
                    if (final2xx != null) {
                        LOG.info(() -> "call " + id + ": no ACK for our 200; hanging up");
                        final2xx = null;
                        sendBye("no ACK from " + peer);
                    }
                }
                case CallEvent.Bye(SipEvent.IncomingRequest bye) -> {
                    agent.reply(bye, 200, null);
                    end("hung up by " + peer);
                }
                case CallEvent.Cancel(SipEvent.IncomingRequest cancel) -> {
                    agent.reply(cancel, 200, null);
                    if (!outgoing && state == CallState.RINGING) {
                        respondInvite(SipResponses.reply(invite, 487, "Request Terminated", dialog.localTag()));
                        end("cancelled by " + peer);
                    }
                }
                case CallEvent.Closed(String reason) -> end(reason);
            }
        }

        private void accepted(SipResponse response) {
            if (state == CallState.ACTIVE || state == CallState.ENDING) {
                if (dialog != null && response.cseq().number() == invite.cseq().number()) {
                    agent.transport().ack(dialog.ack(invite.cseq().number())); // a retransmitted 2xx: ACK again
                } else if (state == CallState.ENDING && dialog == null) {
                    ackAndBye(response);
                }
                return;
            }
            cancel(timer);
            dialog = Dialog.asUac(invite, response, me.get().contactHeader());
            agent.transport().ack(dialog.ack(invite.cseq().number()));
            Optional<String> problem = negotiateAnswer(response.body());
            if (problem.isPresent()) {
                sendBye(problem.get());
                return;
            }
            state = CallState.ACTIVE;
            connected = loop.clock().instant();
            startMedia();
            changed();
        }

        private Optional<String> negotiateAnswer(byte[] body) {
            if (!(SdpCodec.parse(new String(body, StandardCharsets.UTF_8)) instanceof SdpParseResult.Parsed(SessionDescription answer))) {
                return Optional.of("the answer's SDP is malformed");
            }
            remoteSdp = answer;
            return switch (OfferAnswer.negotiated(localSdp, answer, Role.OFFERER)) {
                case NegotiatedMedia m -> {
                    negotiated = m;
                    yield Optional.empty();
                }
                case NegotiationResult.Failed(String reason) -> Optional.of(reason);
            };
        }

        private void answer() {
            if (outgoing || state != CallState.RINGING) {
                return;
            }
            if (remoteSdp != null) {
                NegotiationResult result = OfferAnswer.negotiated(remoteSdp, localSdp, Role.ANSWERER);
                if (!(result instanceof NegotiatedMedia m)) {
                    respondInvite(SipResponses.reply(invite, 488, "Not Acceptable Here", dialog.localTag()));
                    end("no usable media");
                    return;
                }
                negotiated = m;
                startMedia();
            }
            final2xx = SipResponses.reply(invite, 200, "OK", dialog.localTag())
                    .addHeader("Contact", me.get().contactHeader())
                    .addHeader("Allow", allow())
                    .withBody("application/sdp", SdpCodec.format(localSdp).getBytes(StandardCharsets.UTF_8));
            respondInvite(final2xx);
            state = CallState.CONNECTING;
            retransmitInterval = T1;
            timer = loop.schedule(retransmitInterval, () -> on(new CallEvent.Retransmit2xx()));
            ackTimer = loop.schedule(T1.multipliedBy(64), () -> on(new CallEvent.AckTimeout()));
            changed();
        }

        private void retransmit() {
            if (final2xx == null) {
                return;
            }
            agent.transport().retransmit(final2xx);
            retransmitInterval = retransmitInterval.multipliedBy(2).compareTo(T2) > 0 ? T2 : retransmitInterval.multipliedBy(2);
            timer = loop.schedule(retransmitInterval, () -> on(new CallEvent.Retransmit2xx()));
        }

        private void acked(SipRequest ack) {
            if (final2xx == null || ack.cseq().number() != final2xx.cseq().number()) {
                return;
            }
            final2xx = null;
            cancel(timer);
            cancel(ackTimer);
            if (state == CallState.CONNECTING) {
                if (remoteSdp == null) { // delayed offer: the answer is in the ACK
                    Optional<String> problem = ack.body().length == 0 ? Optional.of("no SDP answer in the ACK")
                            : negotiateAnswer(ack.body());
                    if (problem.isPresent()) {
                        sendBye(problem.get());
                        return;
                    }
                    startMedia();
                }
                state = CallState.ACTIVE;
                connected = loop.clock().instant();
                changed();
            }
        }

        private void hangup() {
            switch (state) {
                case CALLING, RINGING -> {
                    if (outgoing) {
                        cancelInvite("cancelled");
                    } else {
                        respondInvite(SipResponses.reply(invite, 486, "Busy Here", dialog.localTag()));
                        end("rejected");
                    }
                }
                case CONNECTING, ACTIVE -> {
                    final2xx = null;
                    cancel(timer);
                    cancel(ackTimer);
                    sendBye("hung up");
                }
                case ENDING, ENDED -> { }
            }
        }

        private void cancelInvite(String reason) {
            cancel(timer);
            state = CallState.ENDING;
            endReason = reason;
            agent.transport().cancel(inviteTx);
            timer = loop.schedule(CLOSE_WAIT, () -> on(new CallEvent.Closed(reason)));
            changed();
        }

        private void sendBye(String reason) {
            Dialog.Outgoing bye = dialog.request("BYE");
            dialog = bye.dialog();
            state = CallState.ENDING;
            endReason = reason;
            stopMedia();
            agent.send(bye.request(), new SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(SipResponse response) {
                    if (response.status() >= 200) {
                        on(new CallEvent.Closed(reason));
                    }
                }

                @Override
                public void onFailure(String failure) {
                    on(new CallEvent.Closed(reason));
                }
            });
            changed();
        }

        private void ackAndBye(SipResponse response) {
            Dialog late = Dialog.asUac(invite, response, me.get().contactHeader());
            agent.transport().ack(late.ack(invite.cseq().number()));
            agent.send(late.request("BYE").request(), new SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(SipResponse r) {
                }

                @Override
                public void onFailure(String reason) {
                }
            });
        }

        private void end(String reason) {
            if (state == CallState.ENDED) {
                return;
            }
            cancel(timer);
            cancel(ackTimer);
            state = CallState.ENDED;
            endReason = endReason != null && reason.equals(endReason) ? endReason : reason;
            ended = loop.clock().instant();
            stopMedia();
            LOG.fine(() -> "call " + id + " with " + peer + " ended: " + endReason);
            changed();
        }

        // -- hold and resume (RFC 3264 section 8.4)

        void reinvite(boolean hold) {
            if (state != CallState.ACTIVE || reinvitePending || hold == localHold) {
                return;
            }
            SessionDescription offer = hold ? OfferAnswer.hold(localSdp) : OfferAnswer.resume(localSdp);
            Dialog.Outgoing next = dialog.request("INVITE");
            dialog = next.dialog();
            reinvitePending = true;
            SipRequest reinvite = next.request().addHeader("Allow", allow())
                    .withBody("application/sdp", SdpCodec.format(offer).getBytes(StandardCharsets.UTF_8));
            agent.send(reinvite, new SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(SipResponse response) {
                    if (response.status() < 200) {
                        return;
                    }
                    reinvitePending = false;
                    if (response.status() < 300) {
                        agent.transport().ack(dialog.ack(reinvite.cseq().number()));
                        SessionDescription previous = localSdp;
                        localSdp = offer;
                        if (negotiateAnswer(response.body()).isEmpty()) {
                            localHold = hold;
                            channel.update(negotiated);
                        } else {
                            localSdp = previous;
                        }
                        changed();
                    } else if (response.status() == 491) {
                        long wait = 2100 + ThreadLocalRandom.current().nextLong(1900);
                        loop.schedule(Duration.ofMillis(wait), () -> reinvite(hold)); // RFC 3261 section 14.1
                    }
                }

                @Override
                public void onFailure(String reason) {
                    reinvitePending = false;
                    sendBye("re-INVITE unanswered: " + reason);
                }
            });
        }

        void onReinvite(SipEvent.IncomingRequest incoming) {
            SipRequest reinvite = incoming.request();
            if (state != CallState.ACTIVE) {
                reply(incoming, SipResponses.reply(reinvite, state == CallState.ENDING || state == CallState.ENDED ? 481 : 491,
                        null));
                return;
            }
            if (reinvitePending || final2xx != null) {
                reply(incoming, SipResponses.reply(reinvite, 491, "Request Pending"));
                return;
            }
            dialog = dialog.withRemoteSeq(reinvite.cseq().number());
            reinvite.header("Contact").flatMap(NameAddr::parse).map(NameAddr::uri).ifPresent(t -> dialog = dialog.withRemoteTarget(t));
            SessionDescription offer;
            if (!(SdpCodec.parse(new String(reinvite.body(), StandardCharsets.UTF_8)) instanceof SdpParseResult.Parsed(SessionDescription parsed))) {
                reply(incoming, SipResponses.reply(reinvite, 488, "Not Acceptable Here"));
                return;
            }
            offer = parsed;
            long version = localSdp.origin().sessionVersion() + 1;
            if (!(OfferAnswer.answer(offer, local(true), Direction.SENDRECV, version) instanceof AnswerResult.Answer(SessionDescription answer))
                    || !(OfferAnswer.negotiated(offer, answer, Role.ANSWERER) instanceof NegotiatedMedia m)) {
                reply(incoming, SipResponses.reply(reinvite, 488, "Not Acceptable Here"));
                return;
            }
            remoteSdp = offer;
            localSdp = answer;
            negotiated = m;
            remoteHold = !m.direction().receives() || OfferAnswer.isHold(offer, offer.media().getFirst());
            channel.update(m);
            final2xx = SipResponses.reply(reinvite, 200, "OK")
                    .addHeader("Contact", me.get().contactHeader())
                    .withBody("application/sdp", SdpCodec.format(answer).getBytes(StandardCharsets.UTF_8));
            reply(incoming, final2xx);
            retransmitInterval = T1;
            timer = loop.schedule(retransmitInterval, () -> on(new CallEvent.Retransmit2xx()));
            ackTimer = loop.schedule(T1.multipliedBy(64), () -> on(new CallEvent.AckTimeout()));
            changed();
        }

        // -- media

        /**
         * What this endpoint brings to SDP: its DTLS fingerprint when the peer is a certified location (its answer
         * is signed, so the fingerprint it names is proven: docs/security.md, "Media encryption") and always when
         * answering, where it is used only if the offer asked for DTLS-SRTP; gateways are offered plain RTP.
         */
        private LocalMedia local(boolean answering) {
            boolean offerSecure = verified || answering;
            return new LocalMedia(sessionId, channel.address(), channel.port(), CODECS,
                    offerSecure ? channel.fingerprint() : java.util.Optional.empty());
        }

        private void startMedia() {
            channel.peerVerified(verified);
            channel.start(negotiated, digit -> onDtmf.accept(id + ":" + digit));
            if (negotiated.encrypted()) {
                loop.schedule(SECURITY_CHECK, () -> on(new CallEvent.SecurityCheck()));
            }
        }

        /**
         * Ends a call whose DTLS-SRTP handshake failed (a wrong certificate, no answer within
         * {@code DtlsSrtpHandshake.TIMEOUT}): it could never carry media. The callee waits for the ACK first
         * (RFC 3261 section 15: no BYE before the ACK or its timeout).
         */
        private void checkSecurity() {
            if (state != CallState.ACTIVE) {
                return;
            }
            Optional<String> failure = channel.securityFailure();
            if (failure.isPresent() && final2xx == null) {
                LOG.info(() -> "call " + id + " with " + peer + ": media encryption failed (" + failure.get() + "); hanging up");
                sendBye("media encryption failed: " + failure.get());
            } else if (failure.isPresent() || channel.securing()) {
                loop.schedule(SECURITY_CHECK, () -> on(new CallEvent.SecurityCheck()));
            }
        }

        private void stopMedia() {
            if (closed == null) {
                closed = channel.close();
            }
        }

        private void respondInvite(SipResponse response) {
            if (inviteServerTx != null) {
                agent.respond(inviteServerTx, response);
            }
        }

        private static CallView.Unanswered unanswered(int status) {
            return switch (status) {
                case 486, 600, 603 -> CallView.Unanswered.BUSY;
                case 408, 480 -> CallView.Unanswered.NO_ANSWER;
                case 503 -> CallView.Unanswered.UNREACHABLE;
                default -> null;
            };
        }

        private String refusal(SipResponse response) {
            return switch (response.status()) {
                case 486, 600 -> "busy";
                case 480 -> "unavailable";
                case 487 -> endReason != null ? endReason : "cancelled";
                case 603 -> "declined";
                case 488, 606 -> "no common codec (" + response.status() + ")";
                case 403 -> credentials != null ? "refused (403 " + response.reason() + ")" : "refused: not a buddy there (403)";
                case 401, 407 -> "authentication failed at the gateway (" + response.status() + ")";
                default -> response.status() + " " + response.reason();
            };
        }
    }

    private static void cancel(EventLoop.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }
}
