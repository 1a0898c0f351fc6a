package io.peerswitch.endpoint.call.sdp;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.wire.nat.TransportAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The audio stream an offer/answer exchange set up, from this endpoint's point of view (RFC 3264
 * sections 6.1 and 7): where to send RTP and RTCP, with which codec and payload types, and in which
 * directions.
 *
 * @param remoteRtp                  where to send RTP (0.0.0.0 when the peer holds the RFC 2543 way)
 * @param remoteRtcp                 where to send RTCP: {@code a=rtcp} (RFC 3605), the RTP port when both
 *                                   sides asked for {@code a=rtcp-mux} (RFC 5761), else the RTP port + 1
 * @param codec                      the audio codec
 * @param payloadType                the payload type to send it with (the one the peer listed)
 * @param telephoneEventPayloadType  the telephone-event payload type to send DTMF with, if agreed
 * @param direction                  this endpoint's direction: may it send, should it expect to receive
 * @param ptimeMillis                the packetization interval the peer asked for, or 20 ms
 * @param security                   the DTLS-SRTP the exchange agreed (RFC 5763), or empty for plain RTP
 */
public record NegotiatedMedia(TransportAddress remoteRtp, TransportAddress remoteRtcp, AudioCodec codec, int payloadType,
        OptionalInt telephoneEventPayloadType, Direction direction, int ptimeMillis, Optional<MediaSecurity> security)
        implements NegotiationResult {

    /** Requires every field. */
    public NegotiatedMedia {
        Objects.requireNonNull(remoteRtp, "remoteRtp");
        Objects.requireNonNull(remoteRtcp, "remoteRtcp");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(telephoneEventPayloadType, "telephoneEventPayloadType");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(security, "security");
    }

    /** Plain RTP. */
    public NegotiatedMedia(TransportAddress remoteRtp, TransportAddress remoteRtcp, AudioCodec codec, int payloadType,
                           OptionalInt telephoneEventPayloadType, Direction direction, int ptimeMillis) {
        this(remoteRtp, remoteRtcp, codec, payloadType, telephoneEventPayloadType, direction, ptimeMillis, Optional.empty());
    }

    /** Whether media is encrypted (DTLS-SRTP). */
    public boolean encrypted() {
        return security.isPresent();
    }
}
