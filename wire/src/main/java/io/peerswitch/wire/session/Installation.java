package io.peerswitch.wire.session;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * One endpoint installation of the caller as the access server knows it (docs/security.md, "A lost or stolen
 * installation"): until when its message key is certified (null when the server keeps none), and whether it is
 * online now, with the User-Agent of its latest login.
 */
public record Installation(String instanceId, Instant messageKeyUntil, boolean online, String userAgent) {

    public Installation {
        Fields.required(instanceId, "instanceId");
    }
}
