package io.peerswitch.endpoint.presence;

import io.peerswitch.wire.profile.PresenceStatus;
import java.util.Optional;

/**
 * What a PIDF document says about a presentity (RFC 3863 section 4): open or closed, the contact to
 * reach it, a note, and the status the user chose (from RPID activities, RFC 4480 section 3.2).
 */
public record PresenceDocument(String entity, boolean open, Optional<String> contact, Optional<String> note,
                               PresenceStatus status) {
}
