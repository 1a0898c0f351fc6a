package io.peerswitch.wire.store;

import io.peerswitch.wire.Fields;
import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.session.InstanceIds;
import java.util.Base64;

/**
 * An instant message an endpoint could not deliver directly, handed to the access server to keep for
 * its recipient (claims 15-18), sealed for the recipient's message keys (docs/security.md, "Messages end to
 * end"), so the server keeps what it cannot read. {@code depositId}, chosen by the sender, makes a retried
 * upload idempotent: the same sender with the same ID stores one message.
 *
 * @param to        the recipient's user ID: an accepted buddy of the sender
 * @param envelope  the message sealed as a CMS AuthEnvelopedData (RFC 5083), base64 (RFC 4648 section 4), at most
 *                  {@value #MAX_ENVELOPE} characters; the server keeps nothing in clear, so it is required
 * @param depositId 1-64 of {@code A-Z a-z 0-9 . _ : -}
 */
public record MessageDeposit(String to, String envelope, String depositId) {

    /** Longest message an endpoint seals for the server, in characters (before sealing). */
    public static final int MAX_TEXT = 16_384;
    /**
     * Longest envelope the server keeps, in base64 characters: {@link #MAX_TEXT} characters of 4 UTF-8 bytes
     * each, sealed for {@link RecipientKeys#MAX_KEYS} installations, with room to spare.
     */
    public static final int MAX_ENVELOPE = 128 * 1024;

    public MessageDeposit {
        to = Fields.text(to, "to", 64);
        envelope = envelope(envelope, "envelope", MAX_ENVELOPE);
        depositId = InstanceIds.check(depositId, "depositId");
    }

    /** The decoded envelope. */
    public byte[] envelopeBytes() {
        return Base64.getDecoder().decode(envelope);
    }

    /** A required base64 envelope of at most {@code max} characters that decodes to at least one byte. */
    static String envelope(String value, String field, int max) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required: the server keeps only what is sealed for the recipient's "
                    + "message keys (GET /api/v1/messages/keys/{userId})");
        }
        if (value.isEmpty() || value.length() > max) {
            throw new InvalidFieldException(field, "must be 1 to " + max + " base64 characters");
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "must be base64 (RFC 4648 section 4)");
        }
        return value;
    }
}
