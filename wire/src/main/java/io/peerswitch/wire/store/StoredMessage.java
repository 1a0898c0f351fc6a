package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import java.time.Instant;

/** A message the access server keeps for {@code to} until {@code to} retrieves it and tells the server to delete it (claim 15). */
public record StoredMessage(String id, String from, String to, String text, Instant createdAt) {

    public StoredMessage {
        Fields.required(id, "id");
        Fields.required(from, "from");
        Fields.required(to, "to");
        Fields.required(text, "text");
        Fields.required(createdAt, "createdAt");
    }
}
