package io.peerswitch.endpoint.call.sdp;

import java.util.Objects;

/** What an offer and its answer agree on (RFC 3264 sections 6 and 7): the media to set up, or why there is none. */
public sealed interface NegotiationResult permits NegotiatedMedia, NegotiationResult.Failed {

    /** No usable audio stream came out of the exchange. */
    record Failed(String reason) implements NegotiationResult {

        /** Requires the reason. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
