package io.peerswitch.endpoint.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A BYE packet (RFC 3550 section 6.6): the listed sources are leaving, optionally with a reason.
 *
 * @param ssrcs   the sources, at most {@link RtcpPacket#MAX_COUNT}
 * @param reason  why, at most {@link #MAX_REASON_LENGTH} UTF-8 octets, or {@code null} for none (an empty
 *                reason is stored as {@code null}: the wire cannot tell them apart)
 */
public record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {

    /** The reason length is one octet. */
    public static final int MAX_REASON_LENGTH = 255;

    /** Checks the ranges, copies the list and turns an empty reason into {@code null}. */
    public Bye {
        ssrcs = List.copyOf(Objects.requireNonNull(ssrcs, "ssrcs"));
        if (ssrcs.size() > MAX_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_COUNT + " sources, got " + ssrcs.size());
        }
        ssrcs.forEach(ssrc -> Unsigned.check32(ssrc, "SSRC"));
        if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("BYE reason must be at most " + MAX_REASON_LENGTH + " UTF-8 octets");
        }
        if (reason != null && reason.isEmpty()) {
            reason = null;
        }
    }

    @Override
    public int packetType() {
        return BYE;
    }
}
