package io.peerswitch.wire.stun;

import java.util.Objects;

/**
 * What {@link StunCodec#decode} makes of bytes: a message, or the reason they are not one, which the
 * receiver then silently discards (RFC 8489 section 6.3); errors are data, never exceptions.
 */
public sealed interface StunDecodeResult {

    /** The bytes are a well-formed STUN message. */
    record Decoded(StunMessage message) implements StunDecodeResult {

        public Decoded {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The bytes are not a STUN message, and why, in words fit for a debug log. */
    record Malformed(String reason) implements StunDecodeResult {

        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
