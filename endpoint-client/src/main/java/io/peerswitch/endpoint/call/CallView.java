package io.peerswitch.endpoint.call;

import io.peerswitch.endpoint.media.session.MediaStats;
import java.time.Instant;

/**
 * A call as the user interface shows it: who, which way, where it stands, the codec, hold on either
 * side, when it connected and ended and why, and at the end the media counters and the dominant
 * frequency heard (how tests and the demo verify audio); for an outgoing call the callee did not take,
 * why not, in the terms of claim 2 ({@code unanswered}, else null); {@code verified} when the peer is a certified
 * location (docs/security.md), false for an outside device such as a gateway or redirected IP-PBX;
 * {@code encrypted} when offer/answer agreed DTLS-SRTP (RFC 5763), so no media goes in clear.
 */
public record CallView(String id, String peer, boolean outgoing, CallState state, String codec, boolean localHold,
                       boolean remoteHold, Instant connected, Instant ended, String endReason, MediaStats stats,
                       Double heardHertz, Unanswered unanswered, boolean verified, boolean encrypted) {

    /** Why the callee did not take an outgoing call: where a caller leaves a voicemail (claims 2, 9-13). */
    public enum Unanswered {
        /** 486, 600 or 603: the callee is busy or declined (FIG. 10 step 1004). */
        BUSY,
        /** Ringing, but nobody answered in time, or 408/480. */
        NO_ANSWER,
        /** No response at all, or 503: the callee's endpoint did not answer. */
        UNREACHABLE
    }
}
