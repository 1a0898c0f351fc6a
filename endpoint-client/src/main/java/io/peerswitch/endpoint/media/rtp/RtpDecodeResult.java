package io.peerswitch.endpoint.media.rtp;

import java.util.Objects;

/** What {@link RtpCodec#decode} makes of a datagram: a packet, or the reason it is not a valid RTP packet (RFC 3550 appendix A.1). */
public sealed interface RtpDecodeResult {

    /** A well-formed packet. */
    record Decoded(RtpPacket packet) implements RtpDecodeResult {

        /** Requires the packet. */
        public Decoded {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** Bytes that are not a valid RTP packet, with a reason for the log and the drop counter. */
    record Malformed(String reason) implements RtpDecodeResult {

        /** Requires the reason. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
