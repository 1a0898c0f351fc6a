package io.peerswitch.endpoint.call.sdp;

import io.peerswitch.endpoint.media.dtls.Fingerprint;
import java.util.Objects;

/**
 * What an offer/answer exchange agreed for DTLS-SRTP (RFC 5763 section 5): the certificate fingerprint the peer's
 * SDP named and whether this endpoint is the DTLS client (its side said {@code a=setup:active}).
 */
public record MediaSecurity(Fingerprint remoteFingerprint, boolean dtlsClient) {

    /** The transport protocol of DTLS-SRTP over UDP (RFC 5764 section 8). */
    public static final String UDP_TLS_RTP_SAVP = "UDP/TLS/RTP/SAVP";
    /** The same with RTCP feedback (RFC 5764 section 8), which stock clients offer; answered as offered. */
    public static final String UDP_TLS_RTP_SAVPF = "UDP/TLS/RTP/SAVPF";

    public MediaSecurity {
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
    }

    /** Whether {@code proto} is a DTLS-SRTP transport. */
    public static boolean isDtlsSrtp(String proto) {
        return UDP_TLS_RTP_SAVP.equals(proto) || UDP_TLS_RTP_SAVPF.equals(proto);
    }
}
