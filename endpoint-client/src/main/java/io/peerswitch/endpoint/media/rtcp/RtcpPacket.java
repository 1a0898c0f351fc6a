package io.peerswitch.endpoint.media.rtcp;

/** One packet of an RTCP compound packet (RFC 3550 section 6.1), by its packet type. */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Bye, UnknownRtcpPacket {

    /** Sender report (RFC 3550 section 6.4.1). */
    int SR = 200;
    /** Receiver report (RFC 3550 section 6.4.2). */
    int RR = 201;
    /** Source description (RFC 3550 section 6.5). */
    int SDES = 202;
    /** Goodbye (RFC 3550 section 6.6). */
    int BYE = 203;
    /** Most reports, chunks or sources one packet can count: the count field has five bits. */
    int MAX_COUNT = 31;

    /** The packet type octet. */
    int packetType();
}
