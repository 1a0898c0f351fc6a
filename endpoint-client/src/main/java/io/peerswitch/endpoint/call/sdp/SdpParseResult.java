package io.peerswitch.endpoint.call.sdp;

import java.util.Objects;

/** What {@link SdpCodec#parse} makes of a body: a session description, or why it is not one and where (RFC 8866 section 5). */
public sealed interface SdpParseResult {

    /** A valid session description. */
    record Parsed(SessionDescription description) implements SdpParseResult {

        /** Requires the description. */
        public Parsed {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Text that is not a valid session description (answer the offer with 400 or 488).
     *
     * @param reason  what is wrong
     * @param line    the 1-based line at fault, or 0 when the fault is the whole body
     */
    record Malformed(String reason, int line) implements SdpParseResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
