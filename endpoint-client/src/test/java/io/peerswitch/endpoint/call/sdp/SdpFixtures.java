package io.peerswitch.endpoint.call.sdp;

/** Session descriptions modelled on what real peers send, with documentation addresses (RFC 5737, RFC 3849). */
final class SdpFixtures {

    /** An offer in the shape baresip 1.0 sends: codecs we lack first, rtcp-mux, rtcp-rsize, ssrc, label, tool. */
    static final String BARESIP_OFFER = """
            v=0
            o=- 3739219498 1981361846 IN IP4 192.0.2.20
            s=-
            c=IN IP4 192.0.2.20
            t=0 0
            a=tool:baresip 1.0.0
            m=audio 10164 RTP/AVP 96 9 0 8 101
            b=AS:96
            a=rtpmap:96 opus/48000/2
            a=fmtp:96 stereo=1;sprop-stereo=1
            a=rtpmap:9 G722/8000
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=rtcp-rsize
            a=rtcp-mux
            a=ssrc:1404584245 cname:sip:alice@example.com
            a=sendrecv
            a=label:1
            a=ptime:20
            """.replace("\n", "\r\n");

    /** The offer of SIPp's built-in uac scenario: PCMU only, no telephone-event, no direction. */
    static final String SIPP_OFFER = """
            v=0
            o=user1 53655765 2353687637 IN IP4 192.0.2.30
            s=-
            c=IN IP4 192.0.2.30
            t=0 0
            m=audio 6000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            """.replace("\n", "\r\n");

    /** The offer of SIPp's uac_pcap scenario: PCMA with telephone-event 0-11,16, written with LF only. */
    static final String SIPP_PCAP_OFFER = """
            v=0
            o=user1 53655765 2353687637 IN IP4 192.0.2.30
            s=-
            c=IN IP4 192.0.2.30
            t=0 0
            m=audio 6000 RTP/AVP 8 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-11,16
            """;

    /** The body of RFC 4475 section 3.3.15 ({@code sdp01.dat}): its second rtpmap has no clock rate. */
    static final String RFC4475_SDP01_BODY = """
            v=0
            o=mhandley 29739 7272939 IN IP4 192.0.2.5
            s=-
            c=IN IP4 192.0.2.5
            t=0 0
            m=audio 49217 RTP/AVP 0 12
            m=video 3227 RTP/AVP 31
            a=rtpmap:31 LPC
            """.replace("\n", "\r\n");

    private SdpFixtures() {
    }
}
