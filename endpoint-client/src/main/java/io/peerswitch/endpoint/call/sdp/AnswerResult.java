package io.peerswitch.endpoint.call.sdp;

import java.util.Objects;

/** The outcome of answering an offer (RFC 3264 section 6): an answer to send, or why none is possible. */
public sealed interface AnswerResult {

    /** The answer, with as many media descriptions as the offer. */
    record Answer(SessionDescription description) implements AnswerResult {

        /** Requires the description. */
        public Answer {
            Objects.requireNonNull(description, "description");
        }
    }

    /** No acceptable stream (no common codec, no audio): reject the INVITE with 488 Not Acceptable Here (RFC 3261 section 13.3.1.1). */
    record NotAcceptable(String reason) implements AnswerResult {

        /** Requires the reason. */
        public NotAcceptable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
