package io.peerswitch.endpoint.call;

import io.peerswitch.endpoint.media.session.MediaStats;
import java.time.Instant;

/**
 * A call as the user interface shows it: who, which way, where it stands, the codec, hold on either
 * side, when it connected and ended and why, and at the end the media counters and the dominant
 * frequency heard (how tests and the demo verify audio).
 */
public record CallView(String id, String peer, boolean outgoing, CallState state, String codec, boolean localHold,
                       boolean remoteHold, Instant connected, Instant ended, String endReason, MediaStats stats,
                       Double heardHertz) {
}
