package io.peerswitch.wire.pending;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/**
 * Something stored for the user while offline and announced at login (FIG. 8 step 808, FIG. 11 step
 * 1110); {@code kind} says which service holds it and {@code id} names it there.
 */
public record PendingItem(String kind, String id, String from, Instant createdAt) {

    public PendingItem {
        Fields.required(kind, "kind");
        Fields.required(id, "id");
    }
}
