package io.peerswitch.endpoint.cli;

import io.peerswitch.endpoint.SoftswitchEvent;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.call.CallState;
import io.peerswitch.endpoint.call.CallView;
import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.peer.BuddyView;
import io.peerswitch.endpoint.voicemail.LocalVoicemail;
import io.peerswitch.endpoint.voicemail.VoicemailEvent;
import io.peerswitch.wire.nat.TransportAddress;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** Turns softswitch events into the readable, time-stamped lines of a transcript. */
public final class Transcript {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** How the time a message was stored on the access server is shown: the server's clock, in UTC. */
    static final DateTimeFormatter STORED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String who;
    private final Consumer<String> out;
    private final Clock clock;

    public Transcript(String who, Consumer<String> out, Clock clock) {
        this.who = who;
        this.out = out;
        this.clock = clock;
    }

    /** Writes one line. */
    public void line(String text) {
        out.accept(LocalTime.now(clock).format(TIME) + " " + who + ": " + text);
    }

    /** Writes the line an event deserves. */
    public void event(SoftswitchEvent event) {
        switch (event) {
            case SoftswitchEvent.LoggedIn e -> line("logged in at " + e.publicAddress() + " (" + e.natType() + "); "
                    + e.online() + " of " + e.buddies() + " buddies online");
            case SoftswitchEvent.LoggedOut e -> line("logged out");
            case SoftswitchEvent.BuddyChanged e -> line(buddy(e.buddy()));
            case SoftswitchEvent.MessageReceived e -> line("message from " + e.from()
                    + (e.storedAt() == null ? "" : " (stored " + STORED_AT.format(e.storedAt()) + ")")
                    + (e.encrypted() ? "" : " (not encrypted)") + ": " + e.text());
            case SoftswitchEvent.MessageOutcome e -> line(switch (e.outcome()) {
                case ImControl.Outcome.Delivered d -> "message to " + e.to() + " delivered";
                case ImControl.Outcome.Stored st -> "message to " + e.to() + " stored on the server (" + st.reason() + ")";
                case ImControl.Outcome.NotDelivered n -> "message to " + e.to() + " NOT delivered: " + n.reason();
            });
            case SoftswitchEvent.CallChanged e -> line(call(e.call()));
            case SoftswitchEvent.DtmfReceived e -> line("call " + e.callId() + ": DTMF " + e.digit() + " received");
            case SoftswitchEvent.Assisted e -> line("assist: pinged " + e.userId() + " at " + e.address()
                    + " so its packets get through our NAT (FIG. 6)");
            case SoftswitchEvent.BuddyListEvent e -> line(buddyEvent(e.event()));
            case SoftswitchEvent.VoicemailChanged e -> line(voicemailEvent(e.event()));
            case SoftswitchEvent.VoicemailOffered e -> line(e.userId() + " is " + e.cause().word() + (e.recording()
                    ? ": recording a voicemail after the tone" : ": leave a voicemail with 'voicemail leave " + e.userId() + "'"));
            case SoftswitchEvent.ExternalRoutesChanged e -> line("external routes " + (e.whole() ? "downloaded" : "updated")
                    + ": " + e.routes() + " route(s) in " + (e.tables().isEmpty() ? "no table" : String.join(", ", e.tables()))
                    + " (version " + e.version() + ")");
            case SoftswitchEvent.Problem e -> line("problem: " + e.message());
        }
    }

    /** A voicemail event (FIG. 10, 11) as the transcript says it. */
    public static String voicemailEvent(VoicemailEvent event) {
        return switch (event) {
            case VoicemailEvent.Indicated i -> "message waiting from " + i.from() + ": "
                    + i.summary().voice().newMessages() + " new voicemail(s)"
                    + i.summary().messages().stream().flatMap(m -> m.field("Subject").stream()).map(s -> " \"" + s + "\"")
                    .findFirst().orElse("");
            case VoicemailEvent.Received r -> "voicemail from " + r.voicemail().from() + " ("
                    + voicemailLength(r.voicemail().durationMillis()) + ", left " + STORED_AT.format(r.voicemail().createdAt())
                    + ", " + (r.voicemail().via().equals("direct") ? "received directly" : "fetched from the server") + ") id "
                    + r.voicemail().id();
            case VoicemailEvent.Left l -> l.left().voicemailId() == null
                    ? "voicemail for " + l.left().to() + " NOT left: " + l.left().problem()
                    : "voicemail for " + l.left().to() + " (" + l.left().cause().word() + ") left on the server as "
                    + l.left().voicemailId() + (l.left().locations() == 0 ? "" : "; message-waiting sent to "
                    + l.left().indicated() + " and copy delivered directly to " + l.left().directCopies() + " of "
                    + l.left().locations() + " location(s)")
                    + (l.left().problem() == null || l.left().locations() == 0 ? "" : " (" + l.left().problem() + ")");
        };
    }

    /** One kept voicemail as the {@code voicemail list} command shows it, {@code index} being its place in the list. */
    public static String voicemail(int index, LocalVoicemail v) {
        return index + ". " + v.id() + " from " + v.from() + ", " + STORED_AT.format(v.createdAt()) + ", "
                + voicemailLength(v.durationMillis()) + ", " + v.state().name().toLowerCase(Locale.ROOT)
                + (v.serverCopy() ? "" : ", kept here only");
    }

    private static String voicemailLength(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** A buddy list operation (FIG. 7-9) as the transcript says it. */
    public static String buddyEvent(BuddyEvent event) {
        return switch (event) {
            case BuddyEvent.RequestReceived r -> "buddy request from " + r.from() + (r.note() == null ? "" : ": " + r.note());
            case BuddyEvent.RequestSent r -> r.delivered() ? "buddy request to " + r.to() + " delivered"
                    : "buddy request to " + r.to() + " left on the server (" + r.reason() + ")";
            case BuddyEvent.AnswerSent a -> a.granted() ? "accepted " + a.requester() + " as your buddy"
                    : "denied the buddy request of " + a.requester();
            case BuddyEvent.RequestAnswered a -> a.by() + (a.granted() ? " accepted" : " denied") + " your buddy request";
            case BuddyEvent.Removed r -> r.byThem() ? r.userId() + " removed you from their buddies"
                    : "removed " + r.userId() + " from your buddies";
            case BuddyEvent.Blocked b -> b.byThem() ? b.userId() + " blocked you" : "blocked " + b.userId();
            case BuddyEvent.Unblocked u -> u.byThem() ? u.userId() + " unblocked you" : "unblocked " + u.userId();
        };
    }

    /** One buddy as the {@code buddies} command and the transcript show it. */
    public static String buddy(BuddyView b) {
        String state = switch (b.reachability()) {
            case OFFLINE -> "offline";
            case ONLINE -> "online";
            case CONFIRMED -> "confirmed";
            case UNREACHABLE -> "unreachable";
        };
        return b.userId() + " is " + state + " (" + b.reachability().colour() + ")"
                + (b.status() == null ? "" : ", " + b.status().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                + (b.note() == null ? "" : " \"" + b.note() + "\"")
                + (b.accepted() ? "" : " [" + b.relation().name().toLowerCase(Locale.ROOT) + "]");
    }

    /** One call as the {@code calls} command and the transcript show it. */
    public static String call(CallView c) {
        String who = c.outgoing() ? "to " + c.peer() : "from " + c.peer();
        StringBuilder line = new StringBuilder("call " + c.id() + " " + who + ": ");
        line.append(switch (c.state()) {
            case CALLING -> "calling";
            case RINGING -> c.outgoing() ? "ringing" : "ringing (answer " + c.id() + " / reject " + c.id() + ")";
            case CONNECTING -> "answering";
            case ACTIVE -> "active" + (c.codec() == null ? "" : " (" + c.codec() + ")")
                    + (c.localHold() ? ", on hold" : "") + (c.remoteHold() ? ", held by " + c.peer() : "");
            case ENDING -> "ending";
            case ENDED -> "ended: " + c.endReason();
        });
        if (!c.verified()) {
            // an outside device (docs/security.md): nothing proves who it is, though its media may be encrypted
            line.append(c.encrypted() ? " [unverified, encrypted]" : " [unverified, not encrypted]");
        } else if (!c.encrypted() && c.codec() != null) {
            line.append(" [not encrypted]");
        }
        if (c.state() == CallState.ENDED && c.stats() != null && c.connected() != null && c.ended() != null) {
            long millis = java.time.Duration.between(c.connected(), c.ended()).toMillis();
            line.append(String.format(Locale.ROOT, " after %.1f s; RTP sent %d, received %d, lost %d",
                    millis / 1000.0, c.stats().packetsSent(), c.stats().packetsReceived(), c.stats().lost()));
            if (c.heardHertz() != null) {
                line.append(String.format(Locale.ROOT, "; heard %.0f Hz", c.heardHertz()));
            }
            line.append(c.stats().relayedVia() == null ? "; media direct"
                    : "; media via reflector " + TransportAddress.of(c.stats().relayedVia()));
            line.append(c.stats().encrypted() ? ", SRTP" : ", in clear");
        }
        return line.toString();
    }
}
