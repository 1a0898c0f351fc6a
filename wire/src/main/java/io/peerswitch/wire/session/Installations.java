package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import java.util.List;

/** The caller's endpoint installations: those with a message key on the server and those online. */
public record Installations(List<Installation> installations) {

    public Installations {
        installations = Fields.list(installations, "installations");
    }
}
