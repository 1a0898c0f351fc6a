package io.peerswitch.endpoint.voicemail;

import io.peerswitch.endpoint.e2e.Envelope;
import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.loop.EventLoop;
import io.peerswitch.endpoint.media.audio.Goertzel;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.endpoint.media.session.AudioSink;
import io.peerswitch.endpoint.routing.PeerLocation;
import io.peerswitch.endpoint.routing.RoutingTable;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.endpoint.sip.Ids;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.sip.SignalingAgent;
import io.peerswitch.endpoint.sip.SipEvent;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 * Voicemail (FIG. 10, 11; claims 2-5, 9-13). Leaving one: the recording is kept in the box's outbox, left
 * on the access server (announce, resumable upload), and — when the callee has online locations — announced
 * to each with an RFC 3842 message-summary NOTIFY and sent to it directly as RFC 2046 message/partial
 * MESSAGEs small enough for a UDP datagram and a reflector. Receiving one: the pieces are put back
 * together, checked against the digest their caller announced and kept in the box; the server's copy is
 * fetched at login, or a few seconds after the server's notice while online unless the direct copy came
 * first. The server's copy goes on the user's delete or save (claims 4-5). Runs on the softswitch's loop;
 * file and server work runs on {@code offLoop} and hands its results back.
 */
public final class VoicemailControl {

    private static final Logger LOG = Logger.getLogger(VoicemailControl.class.getName());

    /** The RFC 3842 event package of the message-waiting indication. */
    public static final String EVENT_PACKAGE = "message-summary";
    /** The kind of a voicemail among a login's pending items (docs/rest-api.md). */
    public static final String PENDING_KIND = "voicemail";
    /** The audio format of voicemails: RIFF WAVE, G.711 µ-law as recorded here (any WAV the endpoint plays is accepted). */
    public static final String CONTENT_TYPE = "audio/wav";
    /** Audio bytes per direct MESSAGE: with its headers the request stays under 1,200 bytes, so it goes over UDP and fits a reflector. */
    public static final int PART_BYTES = 700;
    /** Direct MESSAGEs of one voicemail in flight at once. */
    public static final int WINDOW = 8;
    /** The largest voicemail sent or accepted as it travels, sealed: the access server's limit (10 MiB). */
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    /** The longest recording left, in WAV bytes: what its envelope adds (a few hundred bytes per installation) fits in {@link #MAX_BYTES}. */
    public static final int MAX_AUDIO_BYTES = MAX_BYTES - 64 * 1024;
    /** Direct voicemails being put together at once; more are answered 503. */
    public static final int MAX_ASSEMBLIES = 8;
    /** A direct voicemail that gets no piece for this long is dropped (its copy on the server remains). */
    public static final Duration ASSEMBLY_IDLE = Duration.ofSeconds(30);
    /** How long a notice of the server waits for the direct copy before the server's copy is fetched. */
    public static final Duration DIRECT_GRACE = Duration.ofSeconds(5);

    /** Why a voicemail was left (claims 2, 9-13), or that it is a forwarded one. */
    public enum Cause {
        BUSY, NO_ANSWER, UNREACHABLE, OFFLINE, FORWARDED;

        /** How the user reads it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * What became of a voicemail we left: its ID on the server (null when it is not there), how many of the
     * callee's locations took the message-waiting NOTIFY and the direct copy, and the problem, if any.
     */
    public record Left(String to, String voicemailId, Cause cause, int locations, int indicated, int directCopies, String problem) {
    }

    /** What a login (or a notice) fetched from the server: voicemails new here, and the problem when fetching failed. */
    public record Retrieved(int received, String problem) {
    }

    /** A voicemail played: how long, and the dominant tone heard in it when it is one (for tests and diagnostics). */
    public record Played(LocalVoicemail voicemail, double seconds, Double heardHertz) {
    }

    private final SignalingAgent agent;
    private final EventLoop loop;
    private final RoutingTable routing;
    private final Supplier<LocalParty> me;
    private final VoicemailBox box;
    private final Executor offLoop;
    private final VoicemailUpload.Pause pause;
    private final Supplier<String> depositIds;
    private final MessageCrypto crypto;
    private final List<Consumer<VoicemailEvent>> listeners = new ArrayList<>();
    private final Map<String, Assembly> assemblies = new HashMap<>();
    private VoicemailServer server;

    /** A direct voicemail being put together. */
    private static final class Assembly {
        final Reassembly reassembly;
        Instant lastPiece;
        EventLoop.Timer idle;

        Assembly(Reassembly reassembly, Instant now) {
            this.reassembly = reassembly;
            this.lastPiece = now;
        }
    }

    /**
     * @param offLoop    runs file and server work (virtual threads in production)
     * @param pause      waits between upload attempts
     * @param depositIds a new deposit ID for each voicemail left (random UUIDs in production)
     * @param crypto     this installation's message key, what voicemails are sealed with and for (docs/security.md)
     */
    public VoicemailControl(SignalingAgent agent, RoutingTable routing, Supplier<LocalParty> me, VoicemailBox box,
                            Executor offLoop, VoicemailUpload.Pause pause, Supplier<String> depositIds, MessageCrypto crypto) {
        this.agent = agent;
        this.loop = agent.loop();
        this.routing = routing;
        this.me = me;
        this.box = box;
        this.offLoop = offLoop;
        this.pause = pause;
        this.depositIds = depositIds;
        this.crypto = crypto;
        agent.onNotify(EVENT_PACKAGE, this::onSummary);
        agent.onMessage(PartialMessage.TYPE, true, this::onPart);
    }

    /** Calls {@code listener} on the loop with each event. */
    public void onEvent(Consumer<VoicemailEvent> listener) {
        listeners.add(listener);
    }

    /** The server of the current session; {@code null} after logout. */
    public void useServer(VoicemailServer server) {
        this.server = server;
    }

    /** The voicemails kept here, oldest first (deleted ones left out). */
    public List<LocalVoicemail> voicemails() {
        return box.all().stream().filter(v -> v.state() != LocalVoicemail.State.DELETED).toList();
    }

    /** The message-waiting summary of this endpoint's box (RFC 3842 section 5): new are the unplayed ones. */
    public MessageSummary summary() {
        List<LocalVoicemail> kept = voicemails();
        int fresh = (int) kept.stream().filter(v -> v.state() == LocalVoicemail.State.NEW).count();
        return new MessageSummary(fresh > 0, me.get().aor(),
                Map.of("voice-message", new MessageSummary.Counts(fresh, kept.size() - fresh, 0, 0)), List.of());
    }

    // ---------------------------------------------------------------- leaving a voicemail

    /**
     * Leaves {@code wav} for {@code to} (claims 2, 9), sealed for the message keys of {@code to}'s installations
     * (docs/security.md, "Messages end to end"): kept in the outbox first, then left on the server; when {@code to}
     * has online locations, each gets the message-waiting NOTIFY and the same envelope directly (claim 3).
     * Completes on the loop; never exceptionally — a failure is the result's {@code problem}, and a recording the
     * server could not take for now stays in the outbox for {@link #sendUnsent()}.
     */
    public CompletableFuture<Left> leave(String to, byte[] wav, long durationMillis, Cause cause) {
        CompletableFuture<Left> done = new CompletableFuture<>();
        VoicemailServer session = server;
        if (session == null) {
            done.complete(new Left(to, null, cause, 0, 0, 0, "not logged in"));
            return done;
        }
        if (wav.length == 0 || wav.length > MAX_AUDIO_BYTES) {
            done.complete(new Left(to, null, cause, 0, 0, 0, "not 1 to the " + MAX_AUDIO_BYTES + " bytes the server keeps"));
            return done;
        }
        VoicemailBox.Unsent unsent = new VoicemailBox.Unsent(to, depositIds.get(), durationMillis, loop.clock().instant(), false);
        String from = me.get().userId();
        offLoop.execute(() -> {
            byte[] envelope;
            try {
                envelope = seal(session, from, unsent, wav).orElse(null);
            } catch (AccessServerException e) {
                if (!VoicemailUpload.retryable(e)) {
                    loop.execute(() -> finish(new Left(to, null, cause, 0, 0, 0, "the access server refused it: " + e.reason()), done));
                    return;
                }
                stash(unsent, wav);
                loop.execute(() -> finish(new Left(to, null, cause, 0, 0, 0, "the access server cannot take it now ("
                        + e.reason() + "); kept here and left at the next login"), done));
                return;
            } catch (RuntimeException e) {
                loop.execute(() -> finish(new Left(to, null, cause, 0, 0, 0, "not sealed: " + e.getMessage()), done));
                return;
            }
            if (envelope == null) {
                loop.execute(() -> finish(new Left(to, null, cause, 0, 0, 0, noKey(to)), done));
                return;
            }
            stash(unsent.asSealed(), envelope);
            upload(session, unsent, envelope, cause, done);
        });
        return done;
    }

    /**
     * Off the loop: {@code wav} sealed for the keys of {@code unsent.to()}'s installations the authority vouches for
     * (from the server's directory); empty when there is none.
     */
    private Optional<byte[]> seal(VoicemailServer session, String from, VoicemailBox.Unsent unsent, byte[] wav)
            throws AccessServerException {
        List<ECPublicKey> keys = crypto.keysOf(unsent.to(), session.keysOf(unsent.to()).credentials());
        return keys.isEmpty() ? Optional.empty() : Optional.of(crypto.sealAudio(wav, from, unsent.to(), keys));
    }

    private static String noKey(String to) {
        return to + " has no message key the access server vouches for (not signed in for 30 days?), so the voicemail "
                + "was not left: the server keeps sealed voicemails only";
    }

    private void stash(VoicemailBox.Unsent unsent, byte[] bytes) {
        try {
            box.stash(unsent, bytes);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "voicemail for " + unsent.to() + " not kept in the outbox", e);
        }
    }

    private static VoicemailDeposit deposit(VoicemailBox.Unsent unsent, byte[] envelope) {
        return new VoicemailDeposit(unsent.to(), unsent.depositId(), VoicemailDeposit.SEALED, (long) envelope.length,
                sha256(envelope), unsent.durationMillis());
    }

    /** Off the loop: the upload of the sealed recording and what follows it on the loop. */
    private void upload(VoicemailServer session, VoicemailBox.Unsent unsent, byte[] envelope, Cause cause,
                        CompletableFuture<Left> done) {
        try {
            VoicemailDeposit deposit = deposit(unsent, envelope);
            Voicemail stored = new VoicemailUpload(session, pause, VoicemailUpload.PIECE_BYTES).upload(deposit, envelope);
            dropFromOutbox(deposit.depositId());
            LOG.info(() -> "voicemail " + stored.id() + " for " + deposit.to() + " (" + cause.word() + ") left sealed on the access server");
            loop.execute(() -> deliverDirectly(stored, envelope, cause, done));
        } catch (AccessServerException | RuntimeException e) {
            boolean later = !(e instanceof AccessServerException a) || VoicemailUpload.retryable(a);
            String reason = e instanceof AccessServerException a ? a.reason() : e.toString();
            if (!later) {
                dropFromOutbox(unsent.depositId());
            }
            LOG.log(Level.INFO, "voicemail for " + unsent.to() + " not left on the access server: " + reason, e);
            Left left = new Left(unsent.to(), null, cause, 0, 0, 0, later
                    ? "the access server cannot take it now (" + reason + "); kept here and left at the next login"
                    : "the access server refused it: " + reason);
            loop.execute(() -> finish(left, done));
        }
    }

    private void dropFromOutbox(String depositId) {
        try {
            box.sent(depositId);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "sent voicemail " + depositId + " still in the outbox (the server keeps it once)", e);
        }
    }

    /** On the loop: the message-waiting NOTIFY and the direct copy to every online location of the callee (FIG. 10 steps 1010-1012). */
    private void deliverDirectly(Voicemail stored, byte[] envelope, Cause cause, CompletableFuture<Left> done) {
        List<PeerLocation> locations = routing.locations(stored.to());
        if (locations.isEmpty()) {
            finish(new Left(stored.to(), stored.id(), cause, 0, 0, 0, null), done);
            return;
        }
        List<CompletableFuture<int[]>> each = new ArrayList<>();
        for (PeerLocation location : locations) {
            each.add(indicate(location, stored).thenCompose(indicated -> sendParts(location, stored, envelope)
                    .thenApply(sent -> new int[] {indicated ? 1 : 0, sent ? 1 : 0})));
        }
        CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenRun(() -> {
            int indicated = each.stream().mapToInt(f -> f.join()[0]).sum();
            int copies = each.stream().mapToInt(f -> f.join()[1]).sum();
            String problem = copies == locations.size() ? null
                    : (locations.size() - copies) + " of " + locations.size() + " location(s) did not take the direct copy; "
                    + "they fetch it from the access server";
            finish(new Left(stored.to(), stored.id(), cause, locations.size(), indicated, copies, problem), done);
        });
    }

    private void finish(Left left, CompletableFuture<Left> done) {
        emit(new VoicemailEvent.Left(left));
        done.complete(left);
    }

    /** The RFC 3842 message-summary for one new voicemail from us, as an out-of-dialog NOTIFY; true when a 2xx came. */
    private CompletableFuture<Boolean> indicate(PeerLocation location, Voicemail stored) {
        LocalParty self = me.get();
        String account = "sip:" + stored.to() + "@" + self.domain();
        MessageSummary summary = new MessageSummary(true, account,
                Map.of("voice-message", new MessageSummary.Counts(1, 0, 0, 0)),
                List.of(MessageSummary.MessageHeaders.of(
                        "From", self.nameAddr(),
                        "To", "<" + account + ">",
                        "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(stored.createdAt().atOffset(ZoneOffset.UTC)),
                        "Subject", "Voicemail from " + self.userId() + duration(stored.durationMillis()),
                        "Message-ID", "<" + stored.id() + ">")));
        SipRequest notify = request("NOTIFY", location, stored.to())
                .addHeader("Event", EVENT_PACKAGE)
                .addHeader("Subscription-State", "terminated;reason=noresource")
                .withBody(MessageSummary.CONTENT_TYPE, MessageSummaryCodec.format(summary).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(notify).thenApply(status -> status >= 200 && status < 300);
    }

    /** Sends the pieces of the envelope with up to {@link #WINDOW} in flight; true when every piece got a 2xx. */
    private CompletableFuture<Boolean> sendParts(PeerLocation location, Voicemail stored, byte[] envelope) {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Message-ID", "<" + stored.id() + ">"),
                Map.entry("Digest", "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(stored.sha256()))),
                Map.entry("Content-Duration", Long.toString(Math.max(0, (stored.durationMillis() == null ? 0 : stored.durationMillis()) / 1000))),
                Map.entry("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(stored.createdAt().atOffset(ZoneOffset.UTC))));
        List<PartialMessage.Part> parts = PartialMessage.split(stored.id(), Envelope.CONTENT_TYPE, headers, envelope, PART_BYTES);
        String callId = Ids.callId(me.get().contact().getAddress().getHostAddress());
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        new Object() {
            int next;
            int inFlight;
            boolean failed;

            void pump() {
                while (!failed && inFlight < WINDOW && next < parts.size()) {
                    PartialMessage.Part part = parts.get(next++);
                    inFlight++;
                    SipRequest message = request("MESSAGE", location, stored.to())
                            .withHeader("Call-ID", callId)
                            .withHeader("CSeq", part.number() + " MESSAGE")
                            .withBody(part.contentType(), part.body());
                    send(message).thenAccept(status -> {
                        inFlight--;
                        if (status < 200 || status >= 300) {
                            if (!failed) {
                                LOG.info(() -> "direct copy of voicemail " + stored.id() + " to " + location.targetUri()
                                        + " stopped at piece " + part.number() + " (" + (status == 0 ? "no answer" : status) + ")");
                            }
                            failed = true;
                        }
                        if (inFlight == 0 && (failed || next == parts.size())) {
                            done.complete(!failed);
                        } else {
                            pump();
                        }
                    });
                }
            }
        }.pump();
        return done;
    }

    private SipRequest request(String method, PeerLocation location, String to) {
        LocalParty self = me.get();
        return self.request(method, location.targetUri(), to).addHeader("Contact", self.contactHeader());
    }

    /** Sends {@code request}; completes on the loop with the final status, 0 when none came. */
    private CompletableFuture<Integer> send(SipRequest request) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        agent.send(request, new SignalingAgent.ResponseHandler() {
            @Override
            public void onResponse(SipResponse response) {
                if (response.status() >= 200) {
                    status.complete(response.status());
                }
            }

            @Override
            public void onFailure(String reason) {
                status.complete(0);
            }
        });
        return status;
    }

    /**
     * Leaves the recordings the server could not take before (the outbox), each with its own deposit ID so
     * none is stored twice, sealing first those kept unsealed; they are not sent directly any more (their
     * callees learn of them from the server). Completes on the loop with how many were left.
     */
    public CompletableFuture<Integer> sendUnsent() {
        VoicemailServer session = server;
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (session == null) {
            done.complete(0);
            return done;
        }
        String from = me.get().userId();
        offLoop.execute(() -> {
            int left = 0;
            for (VoicemailBox.Unsent unsent : box.unsent()) {
                try {
                    byte[] envelope = box.unsentAudio(unsent.depositId());
                    if (!unsent.isSealed()) {
                        Optional<byte[]> sealed = seal(session, from, unsent, envelope);
                        if (sealed.isEmpty()) {
                            dropFromOutbox(unsent.depositId());
                            Left refused = new Left(unsent.to(), null, Cause.OFFLINE, 0, 0, 0, noKey(unsent.to()));
                            loop.execute(() -> emit(new VoicemailEvent.Left(refused)));
                            continue;
                        }
                        envelope = sealed.get();
                        box.stash(unsent.asSealed(), envelope);
                    }
                    Voicemail stored = new VoicemailUpload(session, pause, VoicemailUpload.PIECE_BYTES).upload(deposit(unsent, envelope),
                            envelope);
                    dropFromOutbox(unsent.depositId());
                    left++;
                    Left result = new Left(unsent.to(), stored.id(), Cause.OFFLINE, 0, 0, 0, null);
                    loop.execute(() -> emit(new VoicemailEvent.Left(result)));
                } catch (AccessServerException e) {
                    if (!VoicemailUpload.retryable(e)) {
                        dropFromOutbox(unsent.depositId());
                    }
                    LOG.log(Level.INFO, "unsent voicemail for " + unsent.to() + " still not left: " + e.reason(), e);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "unsent voicemail " + unsent.depositId() + " not readable", e);
                }
            }
            int count = left;
            loop.execute(() -> done.complete(count));
        });
        return done;
    }

    // ---------------------------------------------------------------- receiving a voicemail

    /** An RFC 3842 message-summary from a buddy (the gate let only buddies through): shown, and the direct copy expected. */
    private void onSummary(SipEvent.IncomingRequest incoming) {
        SipRequest notify = incoming.request();
        switch (MessageSummaryCodec.parse(notify.body())) {
            case MessageSummaryParseResult.Malformed(String reason, int line) -> {
                LOG.info(() -> "malformed message-summary from " + incoming.source() + " (line " + line + "): " + reason);
                agent.reply(incoming, 400, null);
            }
            case MessageSummaryParseResult.Parsed(MessageSummary summary) -> {
                agent.reply(incoming, 200, null);
                emit(new VoicemailEvent.Indicated(SignalingAgent.senderOf(notify), summary));
            }
        }
    }

    /** One piece of a direct voicemail (FIG. 10 step 1012). */
    private void onPart(SipEvent.IncomingRequest incoming) {
        SipRequest message = incoming.request();
        String from = SignalingAgent.senderOf(message);
        if (!(PartialMessage.parseContentType(message.header("Content-Type").orElse("")) instanceof PartialMessageParseResult.Parsed(
                String id, int number, Integer total))) {
            agent.reply(incoming, 400, null);
            return;
        }
        String key = from + "/" + id;
        Assembly assembly = assemblies.get(key);
        if (assembly == null) {
            if (box.knows(id)) {
                agent.reply(incoming, 200, null); // fetched from the server already: nothing more to take
                return;
            }
            if (assemblies.size() >= MAX_ASSEMBLIES) {
                agent.reply(incoming, 503, null);
                return;
            }
            assembly = new Assembly(new Reassembly(id, MAX_BYTES + 64 * 1024, MAX_BYTES / PART_BYTES + 1), loop.clock().instant());
            assemblies.put(key, assembly);
            scheduleIdle(key, assembly);
        }
        assembly.lastPiece = loop.clock().instant();
        switch (assembly.reassembly.offer(number, total, message.body())) {
            case Reassembly.Incomplete incomplete -> agent.reply(incoming, 200, null);
            case Reassembly.Failed(String reason) -> {
                LOG.info(() -> "direct voicemail " + id + " from " + from + " dropped: " + reason);
                drop(key);
                agent.reply(incoming, 400, null);
            }
            case Reassembly.Complete(Reassembly.Entity entity) -> {
                drop(key);
                agent.reply(incoming, 200, null);
                received(from, id, entity);
            }
        }
    }

    private void scheduleIdle(String key, Assembly assembly) {
        Duration left = ASSEMBLY_IDLE.minus(Duration.between(assembly.lastPiece, loop.clock().instant()));
        assembly.idle = loop.schedule(left.isNegative() ? Duration.ZERO : left, () -> {
            if (assemblies.get(key) != assembly) {
                return;
            }
            if (Duration.between(assembly.lastPiece, loop.clock().instant()).compareTo(ASSEMBLY_IDLE) >= 0) {
                LOG.info(() -> "direct voicemail " + key + " stalled; its copy on the access server is fetched instead");
                assemblies.remove(key);
            } else {
                scheduleIdle(key, assembly);
            }
        });
    }

    private void drop(String key) {
        Assembly assembly = assemblies.remove(key);
        if (assembly != null && assembly.idle != null) {
            assembly.idle.cancel();
        }
    }

    /**
     * A complete direct copy: kept when it is the envelope its digest names, sealed for this installation by the
     * authenticated sender for this user, a WAV inside. Opened off the loop (it may be megabytes).
     */
    private void received(String from, String id, Reassembly.Entity entity) {
        byte[] envelope = entity.content();
        Optional<String> digest = entity.header("Digest").flatMap(VoicemailControl::sha256OfDigest);
        if (!entity.contentType().toLowerCase(Locale.ROOT).startsWith(VoicemailDeposit.SEALED)) {
            LOG.info(() -> "direct voicemail " + id + " from " + from + " is " + entity.contentType()
                    + ", not sealed; the server's copy counts");
            return;
        }
        String sha = sha256(envelope);
        if (digest.isEmpty() || !digest.get().equals(sha)) {
            LOG.info(() -> "direct voicemail " + id + " from " + from + " does not match its digest; the server's copy counts");
            return;
        }
        Instant now = loop.clock().instant();
        Instant created = entity.header("Date").flatMap(VoicemailControl::date).orElse(now);
        Optional<Long> announced = entity.header("Content-Duration").flatMap(VoicemailControl::seconds).map(s -> s * 1000);
        String self = me.get().userId();
        offLoop.execute(() -> {
            switch (crypto.openAudio(envelope, MAX_BYTES, from, self)) {
                case Envelope.Opened.Refused refused -> LOG.info(() -> "direct voicemail " + id + " from " + from
                        + " not opened (" + refused.reason() + "); the server's copy counts");
                case Envelope.Opened.Content(byte[] wav) -> {
                    long millis = durationOf(wav).orElseGet(() -> announced.orElse(0L));
                    keep(new LocalVoicemail(id, from, created, now, millis, wav.length, sha, "direct", LocalVoicemail.State.NEW, true),
                            wav);
                }
            }
        });
    }

    private CompletableFuture<Boolean> keep(LocalVoicemail voicemail, byte[] wav) {
        CompletableFuture<Boolean> kept = new CompletableFuture<>();
        offLoop.execute(() -> {
            try {
                if (box.knows(voicemail.id())) {
                    loop.execute(() -> kept.complete(false));
                    return;
                }
                box.keep(voicemail, wav);
                loop.execute(() -> {
                    LOG.info(() -> "voicemail " + voicemail.id() + " from " + voicemail.from() + " kept (" + voicemail.via() + ")");
                    emit(new VoicemailEvent.Received(voicemail));
                    kept.complete(true);
                });
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "voicemail " + voicemail.id() + " not kept here; it stays on the access server", e);
                loop.execute(() -> kept.complete(false));
            }
        });
        return kept;
    }

    /**
     * Fetches the voicemails the server keeps for us (FIG. 11 steps 1110-1112) when {@code pending} announces
     * any, keeping each one this endpoint does not have yet; and tells the server again to delete what the
     * user deleted or saved while it could not be told. Completes on the loop; never exceptionally.
     */
    public CompletableFuture<Retrieved> retrieve(List<PendingItem> pending) {
        CompletableFuture<Retrieved> done = new CompletableFuture<>();
        VoicemailServer session = server;
        if (session == null) {
            done.complete(new Retrieved(0, "not logged in"));
            return done;
        }
        boolean announced = pending.stream().anyMatch(item -> PENDING_KIND.equals(item.kind()));
        String self = me.get().userId();
        offLoop.execute(() -> {
            releaseServerCopies(session);
            if (!announced) {
                loop.execute(() -> done.complete(new Retrieved(0, null)));
                return;
            }
            List<Voicemail> listed;
            try {
                listed = session.list().voicemails();
            } catch (AccessServerException | RuntimeException e) {
                String reason = e instanceof AccessServerException a ? a.reason() : e.toString();
                loop.execute(() -> done.complete(new Retrieved(0, reason)));
                return;
            }
            int received = 0;
            String problem = null;
            for (Voicemail v : listed) {
                Optional<LocalVoicemail> known = box.get(v.id());
                if (known.isPresent() && known.get().sha256().equals(v.sha256())) {
                    continue;
                }
                try {
                    byte[] kept = session.audio(v.id(), MAX_BYTES);
                    if (kept.length != v.size() || !sha256(kept).equals(v.sha256())) {
                        problem = "voicemail " + v.id() + " arrived damaged; fetched again at the next login";
                        continue;
                    }
                    Envelope.Opened opened = VoicemailDeposit.SEALED.equals(v.contentType())
                            ? crypto.openAudio(kept, MAX_BYTES, v.from(), self)
                            // Kept before the server took sealed voicemails only (schema version 7).
                            : new Envelope.Opened.Content(kept);
                    if (!(opened instanceof Envelope.Opened.Content(byte[] wav))) {
                        problem = "voicemail " + v.id() + " from " + v.from() + " cannot be opened by this installation ("
                                + ((Envelope.Opened.Refused) opened).reason() + "); left on the server";
                        continue;
                    }
                    LocalVoicemail local = new LocalVoicemail(v.id(), v.from(), v.createdAt(), Instant.now(),
                            v.durationMillis() == null ? durationOf(wav).orElse(0L) : v.durationMillis(), wav.length, v.sha256(),
                            "server", LocalVoicemail.State.NEW, true);
                    box.keep(local, wav);
                    received++;
                    loop.execute(() -> emit(new VoicemailEvent.Received(local)));
                } catch (AccessServerException e) {
                    problem = "voicemail " + v.id() + " not fetched: " + e.reason();
                } catch (IOException | RuntimeException e) {
                    problem = "voicemail " + v.id() + " not kept here: " + e.getMessage();
                }
            }
            Retrieved result = new Retrieved(received, problem);
            loop.execute(() -> done.complete(result));
        });
        return done;
    }

    /** The server said it keeps a voicemail for us while we are online: fetched after {@link #DIRECT_GRACE} unless its direct copy came. */
    public void pendingWhileOnline(PendingItem item) {
        if (!PENDING_KIND.equals(item.kind())) {
            return;
        }
        loop.schedule(DIRECT_GRACE, () -> {
            if (!box.knows(item.id())) {
                retrieve(List.of(item));
            }
        });
    }

    /** Off the loop: deletes on the server what the user deleted or saved here while the server could not be told. */
    private void releaseServerCopies(VoicemailServer session) {
        for (LocalVoicemail v : box.all()) {
            if (v.serverCopy() && (v.state() == LocalVoicemail.State.DELETED || v.state() == LocalVoicemail.State.SAVED)) {
                try {
                    session.delete(v.id());
                    if (v.state() == LocalVoicemail.State.DELETED) {
                        box.forget(v.id());
                    } else {
                        box.update(v.withServerCopy(false));
                    }
                } catch (AccessServerException | IOException e) {
                    LOG.log(Level.INFO, "voicemail " + v.id() + " still on the server; told again at the next login", e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the user's actions (claims 4-5)

    /** Plays voicemail {@code idOrIndex} into {@code sink} and marks it heard. */
    public CompletableFuture<Played> play(String idOrIndex, AudioSink sink) {
        return withVoicemail(idOrIndex, v -> {
            PcmAudio audio = WavFile.read(new ByteArrayInputStream(box.audio(v.id())));
            try (sink) {
                sink.write(audio.samples());
            }
            LocalVoicemail heard = v.state() == LocalVoicemail.State.NEW ? v.withState(LocalVoicemail.State.HEARD) : v;
            box.update(heard);
            return new Played(heard, audio.length() / (double) audio.sampleRate(), tone(audio));
        });
    }

    /**
     * Saves voicemail {@code idOrIndex} (claim 4's "saving"): kept here for good, a copy written to {@code exportTo}
     * when given, and the server told to delete its copy.
     */
    public CompletableFuture<LocalVoicemail> save(String idOrIndex, Path exportTo) {
        return withVoicemail(idOrIndex, v -> {
            if (exportTo != null) {
                Files.copy(box.audioFile(v.id()), exportTo, StandardCopyOption.REPLACE_EXISTING);
            }
            LocalVoicemail saved = v.withState(LocalVoicemail.State.SAVED);
            box.update(saved);
            return releaseOne(saved);
        });
    }

    /** Deletes voicemail {@code idOrIndex} here and instructs the server to delete its copy (claim 5, FIG. 10 step 1016, FIG. 11 step 1114). */
    public CompletableFuture<LocalVoicemail> delete(String idOrIndex) {
        return withVoicemail(idOrIndex, v -> releaseOne(box.delete(v)));
    }

    /** Forwards voicemail {@code idOrIndex} to buddy {@code to} as a voicemail of ours (claim 4's "forwarding"). */
    public CompletableFuture<Left> forward(String idOrIndex, String to) {
        return withVoicemail(idOrIndex, v -> new Object[] {v, box.audio(v.id())})
                .thenCompose(found -> leave(to, (byte[]) found[1], ((LocalVoicemail) found[0]).durationMillis(), Cause.FORWARDED));
    }

    /** Off the loop: tells the server to delete its copy of {@code v} (saved or deleted here); the box remembers if it could not. */
    private LocalVoicemail releaseOne(LocalVoicemail v) throws IOException {
        VoicemailServer session = server;
        if (!v.serverCopy() || session == null) {
            return v;
        }
        try {
            session.delete(v.id());
        } catch (AccessServerException e) {
            LOG.log(Level.INFO, "the server's copy of voicemail " + v.id() + " stays until the next login: " + e.reason(), e);
            return v;
        }
        if (v.state() == LocalVoicemail.State.DELETED) {
            box.forget(v.id());
            return v.withServerCopy(false);
        }
        LocalVoicemail released = v.withServerCopy(false);
        box.update(released);
        return released;
    }

    /** Runs {@code action} off the loop on the voicemail named by its ID, a unique prefix of it, or its 1-based place in the list. */
    private <T> CompletableFuture<T> withVoicemail(String idOrIndex, BoxAction<T> action) {
        CompletableFuture<T> done = new CompletableFuture<>();
        offLoop.execute(() -> {
            try {
                LocalVoicemail v = find(idOrIndex);
                T result = action.run(v);
                loop.execute(() -> done.complete(result));
            } catch (IOException | RuntimeException e) {
                loop.execute(() -> done.completeExceptionally(e instanceof IOException io ? new CompletionException(io) : e));
            }
        });
        return done;
    }

    private interface BoxAction<T> {
        T run(LocalVoicemail voicemail) throws IOException;
    }

    private LocalVoicemail find(String idOrIndex) {
        List<LocalVoicemail> kept = voicemails();
        if (idOrIndex.matches("\\d{1,4}")) {
            int index = Integer.parseInt(idOrIndex);
            if (index >= 1 && index <= kept.size()) {
                return kept.get(index - 1);
            }
        }
        List<LocalVoicemail> matching = kept.stream().filter(v -> v.id().startsWith(idOrIndex)).toList();
        if (matching.size() == 1) {
            return matching.getFirst();
        }
        throw new IllegalArgumentException(matching.isEmpty() ? "no voicemail " + idOrIndex
                : idOrIndex + " names " + matching.size() + " voicemails; give more of the ID");
    }

    // ---------------------------------------------------------------- helpers

    private void emit(VoicemailEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    /** The lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The SHA-256 of an RFC 3230 {@code Digest: sha-256=<base64>} value, as hex. */
    static Optional<String> sha256OfDigest(String value) {
        for (String item : value.split(",")) {
            String[] pair = item.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("sha-256")) {
                try {
                    byte[] digest = Base64.getDecoder().decode(pair[1].strip());
                    return digest.length == 32 ? Optional.of(HexFormat.of().formatHex(digest)) : Optional.empty();
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> date(String value) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> seconds(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The length of a WAV's audio, when it is one the endpoint reads. */
    static Optional<Long> durationOf(byte[] wav) {
        try {
            PcmAudio audio = WavFile.read(new ByteArrayInputStream(wav));
            return Optional.of(audio.length() * 1000L / audio.sampleRate());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Double tone(PcmAudio audio) {
        return Goertzel.tone(audio.samples(), audio.sampleRate());
    }

    private static String duration(Long millis) {
        return millis == null ? "" : " (" + Math.round(millis / 1000.0) + " s)";
    }
}
