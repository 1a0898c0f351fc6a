package io.peerswitch.endpoint.media.srtp;

import java.util.Arrays;
import java.util.Optional;

/** The SRTP crypto suites supported (RFC 4568 section 6.2, RFC 5764 section 4.1.2): AES-CM with HMAC-SHA1. */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 10),
    AES_CM_128_HMAC_SHA1_32(0x0002, 4);

    private final int protectionProfileId;
    private final int rtpTagLength;

    SrtpProfile(int protectionProfileId, int rtpTagLength) {
        this.protectionProfileId = protectionProfileId;
        this.rtpTagLength = rtpTagLength;
    }

    /** The DTLS use_srtp protection profile (RFC 5764 section 4.1.2). */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    /** Bytes of the RTP authentication tag; SRTCP always has 10 (RFC 5764 section 4.1.2). */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** The profile of a use_srtp identifier, if supported. */
    public static Optional<SrtpProfile> forProtectionProfileId(int id) {
        return Arrays.stream(values()).filter(p -> p.protectionProfileId == id).findFirst();
    }

    /** The SDES crypto-suite name (RFC 4568 section 6.2). */
    public String sdesName() {
        return name();
    }
}
