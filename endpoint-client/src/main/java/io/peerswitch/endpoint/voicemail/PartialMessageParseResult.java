package io.peerswitch.endpoint.voicemail;

import java.util.Objects;

/** What {@link PartialMessage#parseContentType} makes of a header value: a piece's parameters, or why not (RFC 2046 section 5.2.2). */
public sealed interface PartialMessageParseResult {

    /**
     * A piece's parameters.
     *
     * @param id     the entity's ID
     * @param number the piece's number, from 1
     * @param total  how many pieces there are, or null when this piece does not say (RFC 2046 requires it on the last only)
     */
    record Parsed(String id, int number, Integer total) implements PartialMessageParseResult {

        /** Requires the id. */
        public Parsed {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Not a message/partial Content-Type.
     *
     * @param reason what is wrong
     */
    record Malformed(String reason) implements PartialMessageParseResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
