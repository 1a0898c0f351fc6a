/**
 * Wire formats shared by the access server, the endpoint and the reflector (DESIGN.md, "a small
 * shared module"): immutable records that validate themselves, and {@link io.peerswitch.wire.WireJson},
 * the one JSON codec both sides use, so a message means the same on either end of the wire.
 */
package io.peerswitch.wire;
