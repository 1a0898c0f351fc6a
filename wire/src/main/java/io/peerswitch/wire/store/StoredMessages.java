package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import java.util.List;

/** The messages the server keeps for the caller, oldest first. */
public record StoredMessages(List<StoredMessage> messages) {

    public StoredMessages {
        messages = Fields.list(messages, "messages");
    }
}
