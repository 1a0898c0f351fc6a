/**
 * RTCP (RFC 3550 section 6): sender and receiver reports, source descriptions and BYE as immutable
 * records, a compound-packet codec that never throws (validity checks of RFC 3550 appendix A.2),
 * and the pure arithmetic behind a report: {@link io.peerswitch.endpoint.media.rtcp.ReceptionStatistics}
 * (appendix A.1, A.3 and A.8) and {@link io.peerswitch.endpoint.media.rtcp.NtpTime} (section 4).
 */
package io.peerswitch.endpoint.media.rtcp;
