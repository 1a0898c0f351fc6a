package io.peerswitch.endpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.SoftswitchEvent;
import io.peerswitch.endpoint.buddy.BuddyEvent;
import io.peerswitch.endpoint.im.ImControl.Outcome;
import io.peerswitch.endpoint.im.ImControl.Outcome.Cause;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transcript lines of messages, the ones scripts and the integration tests read. */
class TranscriptTest {

    private final List<String> lines = new ArrayList<>();
    private final Transcript transcript = new Transcript("alice", lines::add,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneId.of("Europe/Berlin")));

    @Test
    void messagesLeftOnTheServerAndRetrievedFromIt() {
        transcript.event(new SoftswitchEvent.MessageOutcome("bob", new Outcome.Stored(Cause.OFFLINE, "m1")));
        transcript.event(new SoftswitchEvent.MessageOutcome("bob", new Outcome.Stored(Cause.UNREACHABLE, "m2")));
        transcript.event(new SoftswitchEvent.MessageOutcome("carol",
                new Outcome.NotDelivered("carol has 1000 messages waiting", Cause.NOT_STORED)));
        transcript.event(new SoftswitchEvent.MessageReceived("bob", "while you were out",
                Instant.parse("2026-11-21T22:15:07.123Z"), "m3", false));
        transcript.event(new SoftswitchEvent.MessageReceived("bob", "hi", null, null, true));
        transcript.event(new SoftswitchEvent.MessageReceived("bob", "from a plain client", null, null, false));

        assertThat(lines).containsExactly(
                "11:00:00.000 alice: message to bob stored on the server (offline)",
                "11:00:00.000 alice: message to bob stored on the server (unreachable)",
                "11:00:00.000 alice: message to carol NOT delivered: carol has 1000 messages waiting",
                "11:00:00.000 alice: message from bob (stored 2026-11-21 22:15:07 UTC) (not encrypted): while you were out",
                "11:00:00.000 alice: message from bob: hi",
                "11:00:00.000 alice: message from bob (not encrypted): from a plain client");
    }

    @Test
    void buddyListOperations() {
        List.<BuddyEvent>of(
                new BuddyEvent.RequestReceived("bob", "r1", "it's Bob", Instant.EPOCH),
                new BuddyEvent.RequestReceived("carol", "r2", null, Instant.EPOCH),
                new BuddyEvent.RequestSent("bob", "r3", true, null),
                new BuddyEvent.RequestSent("dave", "r4", false, "dave is offline"),
                new BuddyEvent.AnswerSent("bob", "r1", true),
                new BuddyEvent.AnswerSent("carol", "r2", false),
                new BuddyEvent.RequestAnswered("bob", "r3", true),
                new BuddyEvent.RequestAnswered("dave", "r4", false),
                new BuddyEvent.Removed("bob", false),
                new BuddyEvent.Removed("bob", true),
                new BuddyEvent.Blocked("carol", false),
                new BuddyEvent.Blocked("carol", true),
                new BuddyEvent.Unblocked("carol", false),
                new BuddyEvent.Unblocked("carol", true)).forEach(e -> transcript.event(new SoftswitchEvent.BuddyListEvent(e)));

        assertThat(lines).extracting(l -> l.substring("11:00:00.000 alice: ".length())).containsExactly(
                "buddy request from bob: it's Bob",
                "buddy request from carol",
                "buddy request to bob delivered",
                "buddy request to dave left on the server (dave is offline)",
                "accepted bob as your buddy",
                "denied the buddy request of carol",
                "bob accepted your buddy request",
                "dave denied your buddy request",
                "removed bob from your buddies",
                "bob removed you from their buddies",
                "blocked carol",
                "carol blocked you",
                "unblocked carol",
                "carol unblocked you");
    }
}
