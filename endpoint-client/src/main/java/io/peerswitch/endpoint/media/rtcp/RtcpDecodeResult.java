package io.peerswitch.endpoint.media.rtcp;

import java.util.List;
import java.util.Objects;

/** What {@link RtcpCodec#decode} makes of a datagram: the packets of a valid compound packet, or why it is not one (RFC 3550 appendix A.2). */
public sealed interface RtcpDecodeResult {

    /** The packets, in order; the first is a sender or receiver report. */
    record Decoded(List<RtcpPacket> packets) implements RtcpDecodeResult {

        /** Copies the list. */
        public Decoded {
            packets = List.copyOf(packets);
        }
    }

    /** Bytes that are not a valid compound RTCP packet, with a reason for the log and the drop counter. */
    record Malformed(String reason) implements RtcpDecodeResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
