/**
 * The STUN message codec of RFC 8489 (which obsoletes RFC 5389), with the RFC 3489, RFC 5780 and
 * RFC 8445 attributes that NAT discovery and ICE need: immutable records and pure functions between
 * them and bytes, with no sockets, clocks or threads.
 */
package io.peerswitch.wire.stun;
