/**
 * The stateless reflector of FIG. 24-25: an endpoint sends a sealed reflector packet to the STUN server's
 * socket, and the payload alone leaves from the socket the packet names, so that it passes a NAT whose
 * pinhole was opened toward the STUN server. The decision is the pure
 * {@link io.peerswitch.reflector.reflect.ReflectionHandler}, with bounded shared memory for replays
 * ({@link io.peerswitch.reflector.reflect.ReplayFilter}) and rates
 * ({@link io.peerswitch.reflector.reflect.RateLimiter}); {@link io.peerswitch.reflector.reflect.PacketReflector}
 * plugs it into the STUN server's sockets and counts what it did.
 */
package io.peerswitch.reflector.reflect;
