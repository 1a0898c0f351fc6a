package io.peerswitch.endpoint.media.rtcp;

import java.util.List;
import java.util.Objects;

/**
 * A receiver report (RFC 3550 section 6.4.2): reception report blocks from a participant that is
 * not sending.
 *
 * @param ssrc          the reporter
 * @param reportBlocks  at most {@link RtcpPacket#MAX_COUNT} blocks; empty is allowed
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reportBlocks) implements RtcpPacket {

    /** Checks the ranges and copies the list. */
    public ReceiverReport {
        Unsigned.check32(ssrc, "SSRC");
        reportBlocks = List.copyOf(Objects.requireNonNull(reportBlocks, "reportBlocks"));
        if (reportBlocks.size() > MAX_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_COUNT + " report blocks, got " + reportBlocks.size());
        }
    }

    @Override
    public int packetType() {
        return RR;
    }
}
