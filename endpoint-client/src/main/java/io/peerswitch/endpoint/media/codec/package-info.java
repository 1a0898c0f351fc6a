/**
 * G.711 audio (ITU-T G.711) as RTP carries it (RFC 3551 section 4.5.14): PCMU and PCMA, static
 * payload types 0 and 8 at 8000 Hz, with table-driven, bit-exact companding and the framing
 * arithmetic of {@code a=ptime}.
 */
package io.peerswitch.endpoint.media.codec;
