package io.peerswitch.endpoint.voicemail;

import java.util.Objects;

/** What {@link MessageSummaryCodec#parse} makes of a body: a summary, or why it is not one and where (RFC 3842 section 5.2). */
public sealed interface MessageSummaryParseResult {

    /** A valid message-summary. */
    record Parsed(MessageSummary summary) implements MessageSummaryParseResult {

        /** Requires the summary. */
        public Parsed {
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * A body that is not a valid message-summary (answer the NOTIFY with 400).
     *
     * @param reason what is wrong
     * @param line   the 1-based line at fault, or 0 when the fault is the whole body
     */
    record Malformed(String reason, int line) implements MessageSummaryParseResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
