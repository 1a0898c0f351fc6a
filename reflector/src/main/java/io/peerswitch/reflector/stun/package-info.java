/**
 * A STUN Binding server over UDP (RFC 8489 sections 6.3 and 7): the decision "request to response"
 * is the pure function {@link io.peerswitch.reflector.stun.BindingHandler}, the socket loop around
 * it is {@link io.peerswitch.reflector.stun.StunServer}, whose sockets another protocol told apart by
 * the first byte (RFC 7983) may share through {@link io.peerswitch.reflector.stun.SharedSocketProtocol}.
 */
package io.peerswitch.reflector.stun;
