package io.peerswitch.endpoint.voicemail;

/** What voicemail control reports to the user (FIG. 10, 11). */
public sealed interface VoicemailEvent {

    /** A buddy said a voicemail waits for us (RFC 3842 message-summary, FIG. 10 step 1010). */
    record Indicated(String from, MessageSummary summary) implements VoicemailEvent {
    }

    /** A voicemail is kept on this endpoint now, straight from its caller (FIG. 10 step 1014) or from the server (FIG. 11 step 1112). */
    record Received(LocalVoicemail voicemail) implements VoicemailEvent {
    }

    /** A voicemail we recorded was left on the server and, when its callee was online, sent to it. */
    record Left(VoicemailControl.Left left) implements VoicemailEvent {
    }
}
