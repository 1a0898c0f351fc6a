package io.peerswitch.endpoint.call;

import io.peerswitch.endpoint.call.sdp.NegotiatedMedia;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import io.peerswitch.endpoint.media.session.MediaStats;
import java.util.function.Consumer;

/**
 * Call control's view of one call's media (FIG. 3a step 314, "establish the needed near-end media"): a
 * local port known before the offer, started and updated with what offer/answer agreed.
 */
public interface MediaChannel {

    /** The local address literal to put in SDP. */
    String address();

    /** The local RTP port to put in SDP. */
    int port();

    /**
     * The fingerprint of the DTLS certificate this channel can do DTLS-SRTP with (RFC 5763 section 5), or empty
     * when it does plain RTP only.
     */
    default java.util.Optional<Fingerprint> fingerprint() {
        return java.util.Optional.empty();
    }

    /**
     * Where the DTLS-SRTP handshake of an encrypted call stands (RFC 5763 section 5): empty while it is under
     * way or when media is in clear, the reason once it failed. Without keys no media flows, so a call whose
     * handshake failed is ended.
     */
    default java.util.Optional<String> securityFailure() {
        return java.util.Optional.empty();
    }

    /** Whether the DTLS-SRTP handshake of an encrypted call is still under way. */
    default boolean securing() {
        return false;
    }

    /** Starts media as negotiated (FIG. 3a steps 326-328, FIG. 3b steps 374-380); received digits go to {@code dtmf}. */
    void start(NegotiatedMedia negotiated, Consumer<Character> dtmf);

    /**
     * Says whether the peer is a certified location (docs/security.md, "Media path"): then RTP is heard only
     * from the host its SDP names; an outside device (a phone behind a NAT that writes its private address
     * in SDP) may be latched to wherever its first RTP comes from. Before {@link #start}.
     */
    default void peerVerified(boolean verified) {
    }

    /** Applies a renegotiation (hold, resume). */
    void update(NegotiatedMedia negotiated);

    /** Sends DTMF digits (RFC 4733). */
    void dtmf(String digits);

    /** Counters so far. */
    MediaStats stats();

    /** Stops media; returns the final counters and the dominant frequency heard, if any. */
    Closed close();

    /** What a closed channel reports. */
    record Closed(MediaStats stats, Double heardHertz) {
    }

    /** Opens channels, one per call. */
    interface Factory {
        MediaChannel open(String callId) throws java.io.IOException;
    }
}
