package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import java.util.List;

/** The complete voicemails the server keeps for the caller, oldest first. */
public record Voicemails(List<Voicemail> voicemails) {

    public Voicemails {
        voicemails = Fields.list(voicemails, "voicemails");
    }
}
