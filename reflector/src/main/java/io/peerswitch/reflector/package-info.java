/**
 * The reflector process: {@link io.peerswitch.reflector.ReflectorMain} starts the STUN server that
 * endpoints ask for their public address (RFC 8489 section 6.3, FIG. 5 steps 502-504), with the
 * stateless reflector of FIG. 24-25 on the same sockets.
 */
package io.peerswitch.reflector;
