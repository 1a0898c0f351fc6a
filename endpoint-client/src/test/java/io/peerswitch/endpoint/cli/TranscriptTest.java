package io.peerswitch.endpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerswitch.endpoint.SoftswitchEvent;
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
                Instant.parse("2026-11-21T22:15:07.123Z"), "m3"));
        transcript.event(new SoftswitchEvent.MessageReceived("bob", "hi", null, null));

        assertThat(lines).containsExactly(
                "11:00:00.000 alice: message to bob stored on the server (offline)",
                "11:00:00.000 alice: message to bob stored on the server (unreachable)",
                "11:00:00.000 alice: message to carol NOT delivered: carol has 1000 messages waiting",
                "11:00:00.000 alice: message from bob (stored 2026-11-21 22:15:07 UTC): while you were out",
                "11:00:00.000 alice: message from bob: hi");
    }
}
