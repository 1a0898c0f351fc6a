package io.peerswitch.endpoint.softswitch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.e2e.Envelope;
import io.peerswitch.endpoint.e2e.MessageCrypto;
import io.peerswitch.endpoint.loop.ManualEventLoop;
import io.peerswitch.endpoint.media.audio.PcmAudio;
import io.peerswitch.endpoint.media.audio.ToneGenerator;
import io.peerswitch.endpoint.media.audio.WavFile;
import io.peerswitch.endpoint.server.AccessServerException;
import io.peerswitch.endpoint.sip.InMemorySipNetwork;
import io.peerswitch.endpoint.sip.LocalParty;
import io.peerswitch.endpoint.voicemail.LocalVoicemail;
import io.peerswitch.endpoint.voicemail.MessageSummary;
import io.peerswitch.endpoint.voicemail.PartialMessage;
import io.peerswitch.endpoint.voicemail.VoicemailBox;
import io.peerswitch.endpoint.voicemail.VoicemailControl;
import io.peerswitch.endpoint.voicemail.VoicemailEvent;
import io.peerswitch.endpoint.voicemail.VoicemailServer;
import io.peerswitch.endpoint.media.session.AudioSink;
import io.peerswitch.wire.identity.EcKeys;
import io.peerswitch.wire.identity.MessageKeyCredential;
import io.peerswitch.wire.pending.PendingItem;
import io.peerswitch.wire.problem.Problem;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.store.RecipientKeys;
import io.peerswitch.wire.store.Voicemail;
import io.peerswitch.wire.store.VoicemailDeposit;
import io.peerswitch.wire.store.Voicemails;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Voicemail (FIG. 10, 11; claims 2-5) between endpoints on the in-memory SIP network, with the access
 * server's voicemail store faked in memory: sealed for the callee's installation keys (real CMS envelopes),
 * left on the server, announced and sent directly to an online callee, fetched at login and opened, kept
 * through the server's outages, deleted or saved on the user's word; what is not sealed for this installation
 * by the sender for this user is not kept.
 */
class VoicemailTest {

    private static final KeyPair AUTHORITY = EcKeys.generate();
    private static final Map<String, KeyPair> KEYS = Map.of("alice", EcKeys.generate(), "bob", EcKeys.generate());

    private final ManualEventLoop loop = new ManualEventLoop(Instant.parse("2026-11-22T10:00:00Z"));
    private final InMemorySipNetwork network = new InMemorySipNetwork(loop);
    private final Party alice = new Party("alice", "198.18.0.1", loop, network, false);
    private final Party bob = new Party("bob", "198.18.0.2", loop, network, false);
    private final FakeVoicemailServer server = new FakeVoicemailServer();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<VoicemailEvent> aliceEvents = new ArrayList<>();
    private final List<VoicemailEvent> bobEvents = new ArrayList<>();
    private final VoicemailControl aliceMail;
    private final VoicemailControl bobMail;
    private final VoicemailBox aliceBox;
    private final VoicemailBox bobBox;
    private final byte[] wav = wav(440, 3);

    VoicemailTest(@TempDir Path dir) throws IOException {
        aliceBox = VoicemailBox.open(dir.resolve("alice"));
        bobBox = VoicemailBox.open(dir.resolve("bob"));
        aliceMail = control(alice, aliceBox, aliceEvents);
        bobMail = control(bob, bobBox, bobEvents);
    }

    private VoicemailControl control(Party party, VoicemailBox box, List<VoicemailEvent> events) {
        LocalParty me = new LocalParty(party.user, null, "example.com", party.address, "UDP");
        VoicemailControl control = new VoicemailControl(party.agent, party.routing, () -> me, box, Runnable::run,
                pause -> { }, () -> party.user + "-deposit-" + ids.incrementAndGet(), crypto(party.user));
        control.onEvent(events::add);
        control.useServer(server.as(party.user));
        return control;
    }

    /** The message crypto of {@code user}'s one installation, believing the test's authority. */
    static MessageCrypto crypto(String user) {
        MessageCrypto crypto = new MessageCrypto(KEYS.get(user), Clock.systemUTC());
        crypto.trust(AUTHORITY.getPublic());
        return crypto;
    }

    /** What {@code envelope} holds for {@code to}, sealed by {@code from}; fails the test when it cannot be opened. */
    private static byte[] opened(byte[] envelope, String from, String to) {
        return Envelope.content(crypto(to).openAudio(envelope, VoicemailControl.MAX_BYTES, from, to))
                .orElseThrow(() -> new AssertionError("not sealed for " + to + " by " + from));
    }

    private static byte[] wav(double hertz, int seconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WavFile.writeMulaw(new PcmAudio(8000, new ToneGenerator(hertz, 0.25, 8000).next(8000 * seconds)), out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private <T> T done(CompletableFuture<T> future) {
        loop.runPending();
        assertThat(future).isDone();
        return future.join();
    }

    @Test
    void aVoicemailForAnOfflineBuddyIsLeftOnTheServerOnlyAndFetchedAtItsLogin() {
        alice.login(List.of("bob"), List.of());

        VoicemailControl.Left left = done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.OFFLINE));

        assertThat(left.voicemailId()).isNotNull();
        assertThat(left.locations()).isZero();
        assertThat(left.problem()).isNull();
        assertThat(server.held("bob")).singleElement().extracting(Voicemail::contentType).isEqualTo(VoicemailDeposit.SEALED);
        assertThat(latin1(server.audio(left.voicemailId()))).as("the server keeps ciphertext").doesNotContain(latin1(Arrays.copyOfRange(wav, 0, 64)));
        assertThat(opened(server.audio(left.voicemailId()), "alice", "bob")).isEqualTo(wav);
        assertThat(network.requests("MESSAGE")).isEmpty();
        assertThat(aliceBox.unsent()).as("nothing left in the outbox").isEmpty();

        bob.login(List.of("alice"), List.of());
        VoicemailControl.Retrieved retrieved = done(bobMail.retrieve(List.of(new PendingItem("voicemail", left.voicemailId(),
                "alice", Instant.EPOCH))));

        assertThat(retrieved).isEqualTo(new VoicemailControl.Retrieved(1, null));
        LocalVoicemail kept = bobMail.voicemails().getFirst();
        assertThat(kept.id()).isEqualTo(left.voicemailId());
        assertThat(kept.via()).isEqualTo("server");
        assertThat(kept.state()).isEqualTo(LocalVoicemail.State.NEW);
        assertThat(kept.durationMillis()).isEqualTo(3000);
        assertThat(bobMail.summary().voice()).isEqualTo(new MessageSummary.Counts(1, 0, 0, 0));
        assertThat(server.held("bob")).as("the server keeps its copy until Bob deletes or saves it").hasSize(1);

        assertThat(done(bobMail.retrieve(List.of(new PendingItem("voicemail", left.voicemailId(), "alice", Instant.EPOCH)))))
                .as("a second login does not fetch it again").isEqualTo(new VoicemailControl.Retrieved(0, null));
        assertThat(server.downloads).hasValue(1);
    }

    @Test
    void anOnlineCalleeGetsTheMessageWaitingIndicationAndTheVoicemailDirectly() throws IOException {
        bob.login(List.of("alice"), List.of());
        alice.login(List.of("bob"), List.of(bob));

        VoicemailControl.Left left = done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.BUSY));

        assertThat(left.locations()).isEqualTo(1);
        assertThat(left.indicated()).isEqualTo(1);
        assertThat(left.directCopies()).isEqualTo(1);
        assertThat(network.requests("NOTIFY")).singleElement().satisfies(n -> {
            assertThat(n.header("Event")).contains("message-summary");
            assertThat(n.contentType()).contains(MessageSummary.CONTENT_TYPE);
        });
        List<SipRequest> pieces = network.requests("MESSAGE");
        int sealed = server.audio(left.voicemailId()).length;
        assertThat(pieces).hasSize((sealed + 250 + VoicemailControl.PART_BYTES - 1) / VoicemailControl.PART_BYTES);
        assertThat(pieces).as("no audio in clear on the wire").noneSatisfy(m -> assertThat(latin1(m.body())).contains(
                latin1(Arrays.copyOfRange(wav, 200, 264))));
        assertThat(pieces).allSatisfy(m -> assertThat(m.header("Content-Type").orElseThrow()).startsWith("message/partial; id=\"" + left.voicemailId()));
        assertThat(pieces).allSatisfy(m -> assertThat(m.body().length).isLessThanOrEqualTo(VoicemailControl.PART_BYTES));
        assertThat(bobEvents.getFirst()).isInstanceOfSatisfying(VoicemailEvent.Indicated.class, i -> {
            assertThat(i.from()).isEqualTo("alice");
            assertThat(i.summary().voice().newMessages()).isEqualTo(1);
            assertThat(i.summary().messages().getFirst().field("Message-ID")).contains("<" + left.voicemailId() + ">");
        });
        LocalVoicemail kept = ((VoicemailEvent.Received) bobEvents.get(1)).voicemail();
        assertThat(kept.via()).isEqualTo("direct");
        assertThat(kept.id()).isEqualTo(left.voicemailId());
        assertThat(kept.from()).isEqualTo("alice");
        assertThat(kept.durationMillis()).isEqualTo(3000);
        assertThat(bobBox.audio(kept.id())).as("opened with bob's key").isEqualTo(wav);

        bobMail.pendingWhileOnline(new PendingItem("voicemail", left.voicemailId(), "alice", Instant.EPOCH));
        loop.advance(VoicemailControl.DIRECT_GRACE.plusSeconds(1));
        assertThat(server.downloads).as("the direct copy came first: nothing fetched").hasValue(0);
    }

    @Test
    void aDirectCopyThatDoesNotMatchItsDigestIsDroppedAndTheServersCopyIsFetched() {
        String id = server.put("alice", "bob", wav);
        bob.login(List.of("alice"), List.of());
        alice.login(List.of("bob"), List.of(bob));
        byte[] other = crypto("alice").sealAudio(wav(1000, 3), "alice", "bob", List.of(key("bob")));
        List<PartialMessage.Part> parts = PartialMessage.split(id, Envelope.CONTENT_TYPE, List.of(Map.entry("Digest",
                "sha-256=" + java.util.Base64.getEncoder().encodeToString(FakeVoicemailServer.sha(server.audio(id))))), other, 700);
        for (PartialMessage.Part part : parts) {
            alice.agent.send(new SipRequest("MESSAGE", "sip:bob@198.18.0.2:5060", List.of(), new byte[0])
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", "<sip:alice@example.com>;tag=x" + part.number())
                    .addHeader("To", "<sip:bob@example.com>")
                    .addHeader("Call-ID", "forged-" + part.number())
                    .addHeader("CSeq", part.number() + " MESSAGE")
                    .withBody(part.contentType(), part.body()), new io.peerswitch.endpoint.sip.SignalingAgent.ResponseHandler() {
                        @Override
                        public void onResponse(io.peerswitch.wire.sip.SipResponse response) {
                        }

                        @Override
                        public void onFailure(String reason) {
                        }
                    });
        }
        loop.runPending();
        assertThat(network.responses(200)).hasSize(parts.size());
        assertThat(bobEvents).as("bytes that are not what the digest names are not kept").isEmpty();

        bobMail.pendingWhileOnline(new PendingItem("voicemail", id, "alice", Instant.EPOCH));
        loop.advance(VoicemailControl.DIRECT_GRACE.plusSeconds(1));

        assertThat(bobEvents).singleElement().satisfies(e -> {
            LocalVoicemail kept = ((VoicemailEvent.Received) e).voicemail();
            assertThat(kept.via()).isEqualTo("server");
            assertThat(kept.id()).isEqualTo(id);
        });
    }

    @Test
    void garbledPiecesAndSummariesAreRefusedWith400() {
        bob.login(List.of("alice"), List.of());
        alice.login(List.of("bob"), List.of(bob));
        List<Integer> answers = new ArrayList<>();
        for (String[] request : List.of(
                new String[] {"MESSAGE", "message/partial; number=1; total=2", "no id"},
                new String[] {"MESSAGE", "message/partial; id=\"a\"; number=3; total=2", "beyond total"},
                new String[] {"NOTIFY", MessageSummary.CONTENT_TYPE, "Voice-Message: 1/0\r\n"})) {
            SipRequest sip = new SipRequest(request[0], "sip:bob@198.18.0.2:5060", List.of(), new byte[0])
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", "<sip:alice@example.com>;tag=g" + answers.size())
                    .addHeader("To", "<sip:bob@example.com>")
                    .addHeader("Call-ID", "garbled-" + request[2].length())
                    .addHeader("CSeq", "1 " + request[0])
                    .addHeader("Event", "message-summary")
                    .addHeader("Subscription-State", "terminated")
                    .withBody(request[1], request[2].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            alice.agent.send(sip, new io.peerswitch.endpoint.sip.SignalingAgent.ResponseHandler() {
                @Override
                public void onResponse(io.peerswitch.wire.sip.SipResponse response) {
                    answers.add(response.status());
                }

                @Override
                public void onFailure(String reason) {
                    answers.add(0);
                }
            });
        }
        loop.runPending();
        assertThat(answers).containsExactly(400, 400, 400);
        assertThat(bobEvents).isEmpty();
    }

    @Test
    void aPieceFromSomeoneWhoIsNoBuddyIsRefused() {
        bob.login(List.of(), List.of());
        alice.login(List.of("bob"), List.of(bob));

        done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.BUSY));

        assertThat(network.responses(403)).isNotEmpty();
        assertThat(bobEvents).isEmpty();
        assertThat(bobBox.all()).isEmpty();
    }

    @Test
    void aRecordingTheServerCannotTakeStaysInTheOutboxAndIsLeftOnceLater() {
        alice.login(List.of("bob"), List.of());
        server.down = true;

        VoicemailControl.Left left = done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.OFFLINE));

        assertThat(left.voicemailId()).isNull();
        assertThat(left.problem()).contains("kept here");
        assertThat(aliceBox.unsent()).singleElement().satisfies(u -> assertThat(u.to()).isEqualTo("bob"));

        server.down = false;
        assertThat(done(aliceMail.sendUnsent())).isEqualTo(1);
        assertThat(done(aliceMail.sendUnsent())).isZero();
        assertThat(server.held("bob")).singleElement().satisfies(v -> assertThat(opened(server.audio(v.id()), "alice", "bob"))
                .isEqualTo(wav));
        assertThat(aliceBox.unsent()).isEmpty();
    }

    @Test
    void anUploadCutOffMidwayResumesWhereTheServerStands() {
        alice.login(List.of("bob"), List.of());
        byte[] long_ = wav(300, 70); // 560 kB: three pieces of 256 KiB
        server.failPieces.add(2);

        VoicemailControl.Left left = done(aliceMail.leave("bob", long_, 70_000, VoicemailControl.Cause.OFFLINE));

        assertThat(left.voicemailId()).as(left.problem()).isNotNull();
        assertThat(opened(server.audio(left.voicemailId()), "alice", "bob")).isEqualTo(long_);
        assertThat(server.pieceOffsets).as("the second piece again from the offset the server kept")
                .containsExactly(0L, 262_144L, 262_144L, 524_288L);
    }

    @Test
    void aRefusalIsFinalAndTheRecordingIsNotKeptForLater() {
        alice.login(List.of("bob"), List.of());
        server.refuse = new AccessServerException(409, Problem.of("mailbox-full", "Mailbox full", 409, "bob's mailbox is full"),
                "POST voicemails: bob's mailbox is full");

        VoicemailControl.Left left = done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.OFFLINE));

        assertThat(left.voicemailId()).isNull();
        assertThat(left.problem()).contains("mailbox is full");
        assertThat(aliceBox.unsent()).isEmpty();
    }

    @Test
    void playingMarksHeardSavingAndDeletingReleaseTheServersCopyEvenWhenItIsDownAtFirst() throws IOException {
        String first = server.put("alice", "bob", wav);
        String second = server.put("alice", "bob", wav(1000, 1));
        bob.login(List.of("alice"), List.of());
        done(bobMail.retrieve(List.of(new PendingItem("voicemail", first, "alice", Instant.EPOCH))));
        assertThat(bobMail.voicemails()).extracting(LocalVoicemail::id).containsExactly(first, second);

        List<short[]> played = new ArrayList<>();
        VoicemailControl.Played heard = done(bobMail.play("1", sink(played)));
        assertThat(heard.heardHertz()).isEqualTo(440.0);
        assertThat(heard.seconds()).isEqualTo(3.0);
        assertThat(played).singleElement().satisfies(samples -> assertThat(samples).hasSize(24_000));
        assertThat(bobMail.summary().voice()).isEqualTo(new MessageSummary.Counts(1, 1, 0, 0));

        server.down = true;
        LocalVoicemail deleted = done(bobMail.delete(first));
        assertThat(deleted.serverCopy()).as("the server could not be told yet").isTrue();
        assertThat(bobMail.voicemails()).extracting(LocalVoicemail::id).containsExactly(second);
        LocalVoicemail saved = done(bobMail.save(second.substring(0, 8), null));
        assertThat(saved.state()).isEqualTo(LocalVoicemail.State.SAVED);
        assertThat(saved.serverCopy()).isTrue();

        server.down = false;
        assertThat(done(bobMail.retrieve(List.of()))).isEqualTo(new VoicemailControl.Retrieved(0, null));
        assertThat(server.held("bob")).as("both released at the next login").isEmpty();
        assertThat(bobBox.all()).extracting(LocalVoicemail::id, LocalVoicemail::serverCopy).containsExactly(
                org.assertj.core.groups.Tuple.tuple(second, false));
        assertThat(server.downloads).hasValue(2);
    }

    @Test
    void forwardingLeavesTheSameAudioForAnotherBuddy() {
        String id = server.put("alice", "bob", wav);
        bob.login(List.of("alice"), List.of());
        done(bobMail.retrieve(List.of(new PendingItem("voicemail", id, "alice", Instant.EPOCH))));

        VoicemailControl.Left forwarded = done(bobMail.forward("1", "alice"));

        assertThat(forwarded.cause()).isEqualTo(VoicemailControl.Cause.FORWARDED);
        assertThat(server.held("alice")).singleElement().satisfies(v -> {
            assertThat(v.from()).isEqualTo("bob");
            assertThat(opened(server.audio(v.id()), "bob", "alice")).isEqualTo(wav);
        });
    }

    @Test
    void aCalleeWithoutAMessageKeyGetsNoVoicemailAndNothingIsKeptForLater() {
        alice.login(List.of("bob"), List.of());
        server.keyless.add("bob");

        VoicemailControl.Left left = done(aliceMail.leave("bob", wav, 3000, VoicemailControl.Cause.OFFLINE));

        assertThat(left.voicemailId()).isNull();
        assertThat(left.problem()).contains("no message key the access server vouches for");
        assertThat(server.held("bob")).as("nothing left in clear").isEmpty();
        assertThat(aliceBox.unsent()).isEmpty();
    }

    @Test
    void aDirectCopyInClearSealedForAnotherOrNamingAnotherSenderIsNotKept() {
        String id = server.put("alice", "bob", wav);
        bob.login(List.of("alice"), List.of());
        alice.login(List.of("bob"), List.of(bob));
        // Alice is a genuine buddy; what she sends directly must still be sealed for bob, by her, for him.
        sendPieces(id + "-clear", "audio/wav", wav);
        sendPieces(id + "-others", Envelope.CONTENT_TYPE, crypto("alice").sealAudio(wav, "alice", "bob", List.of(key("alice"))));
        sendPieces(id + "-carol", Envelope.CONTENT_TYPE, crypto("alice").sealAudio(wav, "carol", "bob", List.of(key("bob"))));
        sendPieces(id + "-dave", Envelope.CONTENT_TYPE, crypto("alice").sealAudio(wav, "alice", "dave", List.of(key("bob"))));

        assertThat(network.responses(200)).as("every piece taken, then judged whole").isNotEmpty();
        assertThat(bobEvents).isEmpty();
        assertThat(bobBox.all()).isEmpty();
    }

    @Test
    void aServerCopyThisInstallationCannotOpenIsLeftOnTheServer() {
        server.putAs("alice", "bob", VoicemailDeposit.SEALED, crypto("alice").sealAudio(wav, "alice", "bob", List.of(key("alice"))));
        bob.login(List.of("alice"), List.of());

        VoicemailControl.Retrieved retrieved = done(bobMail.retrieve(List.of(new PendingItem("voicemail", "x", "alice", Instant.EPOCH))));

        assertThat(retrieved.received()).isZero();
        assertThat(retrieved.problem()).contains("cannot be opened by this installation");
        assertThat(bobBox.all()).isEmpty();
        assertThat(server.held("bob")).as("another installation may read it").hasSize(1);
    }

    @Test
    void aVoicemailKeptBeforeSealingIsStillFetched() throws IOException {
        String id = server.putAs("alice", "bob", "audio/wav", wav);
        bob.login(List.of("alice"), List.of());

        assertThat(done(bobMail.retrieve(List.of(new PendingItem("voicemail", id, "alice", Instant.EPOCH)))))
                .isEqualTo(new VoicemailControl.Retrieved(1, null));
        assertThat(bobBox.audio(id)).isEqualTo(wav);
    }

    /** Sends {@code bytes} as a direct voicemail {@code id} from alice to bob, in pieces, its digest its own. */
    private void sendPieces(String id, String contentType, byte[] bytes) {
        List<PartialMessage.Part> parts = PartialMessage.split(id, contentType, List.of(Map.entry("Digest",
                "sha-256=" + java.util.Base64.getEncoder().encodeToString(FakeVoicemailServer.sha(bytes)))), bytes, 700);
        for (PartialMessage.Part part : parts) {
            alice.agent.send(new SipRequest("MESSAGE", "sip:bob@198.18.0.2:5060", List.of(), new byte[0])
                    .addHeader("Max-Forwards", "70")
                    .addHeader("From", "<sip:alice@example.com>;tag=" + id + part.number())
                    .addHeader("To", "<sip:bob@example.com>")
                    .addHeader("Call-ID", id + "-" + part.number())
                    .addHeader("CSeq", part.number() + " MESSAGE")
                    .withBody(part.contentType(), part.body()), new io.peerswitch.endpoint.sip.SignalingAgent.ResponseHandler() {
                        @Override
                        public void onResponse(io.peerswitch.wire.sip.SipResponse response) {
                        }

                        @Override
                        public void onFailure(String reason) {
                        }
                    });
        }
        loop.runPending();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static ECPublicKey key(String user) {
        return (ECPublicKey) KEYS.get(user).getPublic();
    }

    private static AudioSink sink(List<short[]> into) {
        return new AudioSink() {
            @Override
            public void write(short[] samples) {
                into.add(samples);
            }

            @Override
            public void close() {
            }
        };
    }

    /** The access server's voicemail store (VoicemailStore) in memory, with outages and refusals on demand. */
    static final class FakeVoicemailServer {

        private record Held(Voicemail voicemail, byte[] bytes) {
        }

        private final Map<String, Held> byId = new LinkedHashMap<>();
        private final Map<String, String> byDeposit = new LinkedHashMap<>();
        final AtomicInteger downloads = new AtomicInteger();
        final List<Long> pieceOffsets = new ArrayList<>();
        final Deque<Integer> failPieces = new ArrayDeque<>();
        boolean down;
        AccessServerException refuse;
        /** Users whose installation has no message key on the server (never signed in, or not for 30 days). */
        final java.util.Set<String> keyless = new java.util.HashSet<>();
        private int pieces;

        /** A voicemail {@code from} left for {@code to}, sealed for {@code to}'s installation as an endpoint of ours does. */
        String put(String from, String to, byte[] wav) {
            return putAs(from, to, VoicemailDeposit.SEALED, crypto(from).sealAudio(wav, from, to, List.of(key(to))));
        }

        /** A voicemail kept as {@code contentType} (audio/wav: from before the server took sealed ones only). */
        String putAs(String from, String to, String contentType, byte[] audio) {
            String id = "vm" + (byId.size() + 1) + "-" + HexFormat.of().formatHex(sha(audio)).substring(0, 8);
            byId.put(id, new Held(new Voicemail(id, from, to, contentType, audio.length, HexFormat.of().formatHex(sha(audio)),
                    null, Instant.parse("2026-11-22T09:00:00Z").plusSeconds(byId.size()), audio.length, true), audio.clone()));
            return id;
        }

        byte[] audio(String id) {
            return byId.get(id).bytes();
        }

        List<Voicemail> held(String to) {
            return byId.values().stream().map(Held::voicemail).filter(v -> v.to().equals(to)).toList();
        }

        private void check() throws AccessServerException {
            if (down) {
                throw new AccessServerException("the access server cannot be reached: refused", new IOException("down"));
            }
        }

        VoicemailServer as(String user) {
            return new VoicemailServer() {
                @Override
                public Voicemail announce(VoicemailDeposit deposit) throws AccessServerException {
                    check();
                    if (refuse != null) {
                        throw refuse;
                    }
                    String known = byDeposit.get(deposit.depositId());
                    if (known != null) {
                        return byId.get(known).voicemail();
                    }
                    String id = "vm" + (byId.size() + 1) + "-" + deposit.depositId();
                    byDeposit.put(deposit.depositId(), id);
                    byId.put(id, new Held(new Voicemail(id, user, deposit.to(), deposit.contentType(), deposit.size(), deposit.sha256(),
                            deposit.durationMillis(), Instant.parse("2026-11-22T10:00:00Z"), 0, false), new byte[0]));
                    return byId.get(id).voicemail();
                }

                @Override
                public Voicemail upload(String id, long offset, byte[] audio, int from, int length) throws AccessServerException {
                    check();
                    pieceOffsets.add(offset);
                    pieces++;
                    if (!failPieces.isEmpty() && failPieces.peek() == pieces) {
                        failPieces.pop();
                        throw new AccessServerException("the access server cannot be reached: reset", new IOException("reset"));
                    }
                    Held held = byId.get(id);
                    byte[] bytes = Arrays.copyOf(held.bytes(), (int) offset + length);
                    System.arraycopy(audio, from, bytes, (int) offset, length);
                    Voicemail v = held.voicemail();
                    boolean complete = bytes.length == v.size();
                    Voicemail now = new Voicemail(id, v.from(), v.to(), v.contentType(), v.size(), v.sha256(), v.durationMillis(),
                            v.createdAt(), bytes.length, complete && HexFormat.of().formatHex(sha(bytes)).equals(v.sha256()));
                    byId.put(id, new Held(now, bytes));
                    return now;
                }

                @Override
                public Voicemail voicemail(String id) throws AccessServerException {
                    check();
                    return byId.get(id).voicemail();
                }

                @Override
                public RecipientKeys keysOf(String userId) throws AccessServerException {
                    check();
                    return new RecipientKeys(userId, keyless.contains(userId) ? List.of()
                            : List.of(MessageKeyCredential.issue(AUTHORITY.getPrivate(), userId, "desk", key(userId),
                                    Instant.now().plusSeconds(3600)).text()));
                }

                @Override
                public Voicemails list() throws AccessServerException {
                    check();
                    return new Voicemails(held(user).stream().filter(Voicemail::complete).toList());
                }

                @Override
                public byte[] audio(String id, int maxBytes) throws AccessServerException {
                    check();
                    downloads.incrementAndGet();
                    return byId.get(id).bytes().clone();
                }

                @Override
                public boolean delete(String id) throws AccessServerException {
                    check();
                    return byId.remove(id) != null;
                }
            };
        }

        static byte[] sha(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }
}
