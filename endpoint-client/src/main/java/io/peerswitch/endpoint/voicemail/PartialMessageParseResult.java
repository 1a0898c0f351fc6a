package io.peerswitch.endpoint.voicemail;

import java.util.Objects;

/** What {@link PartialMessage#parseContentType} makes of a header value (RFC 2046 section 5.2.2). */
public sealed interface PartialMessageParseResult {

    /** A piece's parameters; {@code total} is null when the piece does not say it (RFC 2046 requires it on the last only). */
    record Parsed(String id, int number, Integer total) implements PartialMessageParseResult {

        public Parsed {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Not a message/partial Content-Type, and why. */
    record Malformed(String reason) implements PartialMessageParseResult {

        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
