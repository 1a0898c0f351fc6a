package io.peerswitch.endpoint;

import io.peerswitch.endpoint.im.ImControl;
import io.peerswitch.endpoint.peer.BuddyView;
import java.time.Instant;

/** What the softswitch tells its user interface (FIG. 3a/3b: "notifies the GUI"), for the CLI and transcripts. */
public sealed interface SoftswitchEvent {

    /** Logged in: how many buddies, how many of them online per the server. */
    record LoggedIn(String userId, String publicAddress, String natType, int buddies, int online) implements SoftswitchEvent {
    }

    /** Logged out. */
    record LoggedOut(String userId) implements SoftswitchEvent {
    }

    /** A buddy's reachability or status changed. */
    record BuddyChanged(BuddyView buddy) implements SoftswitchEvent {
    }

    /**
     * An instant message arrived: directly from the buddy ({@code storedAt} and {@code storedId} null), or
     * retrieved at login from the access server, which kept it from {@code storedAt} on as {@code storedId}
     * while we were offline (claim 15); {@code encrypted} when it came sealed for our message key (docs/security.md).
     */
    record MessageReceived(String from, String text, Instant storedAt, String storedId, boolean encrypted) implements SoftswitchEvent {

        /** Whether it was left on the access server while we were offline. */
        public boolean stored() {
            return storedId != null;
        }
    }

    /**
     * What became of an instant message sent: delivered, stored on the access server for an offline or
     * unreachable buddy ({@link ImControl.Outcome.Stored}), or not delivered.
     */
    record MessageOutcome(String to, ImControl.Outcome outcome) implements SoftswitchEvent {
    }

    /** A call changed state. */
    record CallChanged(io.peerswitch.endpoint.call.CallView call) implements SoftswitchEvent {
    }

    /** A DTMF digit arrived in a call (RFC 4733). */
    record DtmfReceived(String callId, char digit) implements SoftswitchEvent {
    }

    /** The access server asked us to ping a buddy that just logged in, and we did (FIG. 6 steps 618-622). */
    record Assisted(String userId, String address) implements SoftswitchEvent {
    }

    /**
     * A buddy list operation (FIG. 7-9), ours or another user's: a request received or sent, an answer sent
     * or received, a deletion, a block, an unblock ({@link io.peerswitch.endpoint.buddy.BuddyEvent}).
     */
    record BuddyListEvent(io.peerswitch.endpoint.buddy.BuddyEvent event) implements SoftswitchEvent {
    }

    /**
     * Voicemail (FIG. 10, 11): a buddy's message-waiting indication, a voicemail kept here, or one we left
     * ({@link io.peerswitch.endpoint.voicemail.VoicemailEvent}).
     */
    record VoicemailChanged(io.peerswitch.endpoint.voicemail.VoicemailEvent event) implements SoftswitchEvent {
    }

    /**
     * A buddy we called or wanted to call did not take it ({@code cause}): a voicemail may be left (claims 2,
     * 9-13), and is being recorded when {@code recording} ({@code voicemail.on-unavailable = record}).
     */
    record VoicemailOffered(String userId, io.peerswitch.endpoint.voicemail.VoicemailControl.Cause cause, boolean recording)
            implements SoftswitchEvent {
    }

    /** The external routing rules were downloaded whole or updated to {@code version} (FIG. 14 steps 1404, 1416). */
    record ExternalRoutesChanged(long version, boolean whole, int routes, java.util.List<String> tables) implements SoftswitchEvent {
        public ExternalRoutesChanged {
            tables = java.util.List.copyOf(tables);
        }
    }

    /** Something went wrong that the user should know about. */
    record Problem(String message) implements SoftswitchEvent {
    }
}
