/**
 * RTP data packets (RFC 3550 section 5.1) as immutable records, a codec that turns bytes into them
 * without ever throwing, and the cheap first-byte test that tells RTP from RTCP on one port
 * (RFC 5761 section 4).
 */
package io.peerswitch.endpoint.media.rtp;
