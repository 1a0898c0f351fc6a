package io.peerswitch.endpoint.call.sdp;

import io.peerswitch.endpoint.media.codec.AudioCodec;
import io.peerswitch.endpoint.media.dtls.Fingerprint;
import io.peerswitch.wire.nat.TransportAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What this endpoint brings to an offer or answer (RFC 3264 sections 5 and 6): its session id, the
 * address and RTP port where it receives audio, and the codecs it supports in order of preference.
 *
 * @param sessionId  digits, kept for the whole session (the {@code o=} sess-id)
 * @param address    an IPv4 or IPv6 literal (never a name, so no DNS), e.g. the public address STUN reported
 * @param rtpPort    where RTP arrives; RTCP arrives on the next port (RFC 3550 section 11)
 * @param codecs     supported codecs, most preferred first, at least one
 * @param fingerprint the fingerprint of this endpoint's DTLS certificate, when it can do DTLS-SRTP (RFC 5763):
 *                    an offer then asks for it, an answer accepts a DTLS-SRTP offer; empty: plain RTP only
 */
public record LocalMedia(String sessionId, String address, int rtpPort, List<AudioCodec> codecs,
                         Optional<Fingerprint> fingerprint) {

    /** Longest session id accepted. */
    public static final int MAX_SESSION_ID_DIGITS = 20;

    /** Checks every field and copies the list. */
    public LocalMedia {
        Objects.requireNonNull(sessionId, "sessionId");
        if (!Tokens.isDigits(sessionId, MAX_SESSION_ID_DIGITS)) {
            throw new IllegalArgumentException("session id must be digits, was " + sessionId);
        }
        if (!TransportAddress.isIpLiteral(address)) {
            throw new IllegalArgumentException("address must be an IPv4 or IPv6 literal, was " + address);
        }
        if (rtpPort < 1 || rtpPort > 0xFFFE) {
            throw new IllegalArgumentException("RTP port must be 1 to 65534 (RTCP takes the next), was " + rtpPort);
        }
        codecs = List.copyOf(Objects.requireNonNull(codecs, "codecs"));
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (codecs.isEmpty() || new HashSet<>(codecs).size() != codecs.size()) {
            throw new IllegalArgumentException("codecs must be at least one, without repeats: " + codecs);
        }
    }

    /** Media of plain RTP only. */
    public LocalMedia(String sessionId, String address, int rtpPort, List<AudioCodec> codecs) {
        this(sessionId, address, rtpPort, codecs, Optional.empty());
    }

    /** The connection for {@link #address}. */
    public Connection connection() {
        return Connection.of(address);
    }
}
