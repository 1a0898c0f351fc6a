package io.peerswitch.endpoint.media.rtcp;

import java.util.List;
import java.util.Objects;

/**
 * A sender report (RFC 3550 section 6.4.1): what an active sender sent, stamped with wallclock and
 * RTP time, plus reception report blocks.
 *
 * @param ssrc          the sender
 * @param ntpTimestamp  the wallclock time as a 64-bit NTP timestamp (see {@link NtpTime})
 * @param rtpTimestamp  the same instant in RTP timestamp units
 * @param packetCount   packets sent since the start, modulo 2^32
 * @param octetCount    payload octets sent since the start, modulo 2^32
 * @param reportBlocks  at most {@link RtcpPacket#MAX_COUNT} blocks
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
        List<ReportBlock> reportBlocks) implements RtcpPacket {

    /** Checks the ranges and copies the list. */
    public SenderReport {
        Unsigned.check32(ssrc, "SSRC");
        Unsigned.check32(rtpTimestamp, "RTP timestamp");
        Unsigned.check32(packetCount, "packet count");
        Unsigned.check32(octetCount, "octet count");
        reportBlocks = List.copyOf(Objects.requireNonNull(reportBlocks, "reportBlocks"));
        if (reportBlocks.size() > MAX_COUNT) {
            throw new IllegalArgumentException("at most " + MAX_COUNT + " report blocks, got " + reportBlocks.size());
        }
    }

    @Override
    public int packetType() {
        return SR;
    }
}
