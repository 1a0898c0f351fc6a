package io.peerswitch.endpoint.media.dtmf;

import java.util.Objects;

/** What {@link TelephoneEventCodec#decode} makes of an RTP payload: a DTMF event, or why it is not one (RFC 4733 section 2.3). */
public sealed interface DtmfDecodeResult {

    /** A DTMF event. */
    record Decoded(DtmfEvent event) implements DtmfDecodeResult {

        /** Requires the event. */
        public Decoded {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A payload that is not a DTMF telephone-event, with the reason. */
    record Malformed(String reason) implements DtmfDecodeResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
