/**
 * DTLS-SRTP (RFC 5763, RFC 5764): the DTLS 1.2 handshake on a call's media port that proves the peer holds
 * the certificate whose fingerprint its authenticated SDP named, and exports the SRTP master keys of both
 * directions. Bouncy Castle's DTLS protocol does the handshake; this package gives it the datagrams the media
 * receiver demultiplexed (RFC 7983), its certificate, and the one fingerprint it may accept.
 */
package io.peerswitch.endpoint.media.dtls;
