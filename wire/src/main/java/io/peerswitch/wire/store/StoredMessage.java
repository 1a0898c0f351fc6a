package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import java.time.Instant;
import java.util.Base64;

/**
 * A message the access server keeps for {@code to} until {@code to} retrieves it and tells the server to delete
 * it (claim 15): its {@code envelope} (base64 CMS, as deposited), or, for a message kept before the server took
 * sealed messages only (schema version 7), its {@code text} in clear. Exactly one of them is present.
 */
public record StoredMessage(String id, String from, String to, String text, String envelope, Instant createdAt) {

    public StoredMessage {
        Fields.required(id, "id");
        Fields.required(from, "from");
        Fields.required(to, "to");
        Fields.required(createdAt, "createdAt");
        if ((text == null) == (envelope == null)) {
            throw new InvalidFieldException("envelope", "exactly one of text and envelope is required");
        }
        if (envelope != null) {
            envelope = MessageDeposit.envelope(envelope, "envelope", MessageDeposit.MAX_ENVELOPE);
        }
    }

    /** Whether it was sealed for the recipient (false only for a message kept before sealing). */
    public boolean sealed() {
        return envelope != null;
    }

    /** The decoded envelope; only when {@link #sealed()}. */
    public byte[] envelopeBytes() {
        return Base64.getDecoder().decode(envelope);
    }
}
