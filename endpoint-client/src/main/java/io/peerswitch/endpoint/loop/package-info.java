/**
 * The single thread that owns the softswitch's protocol state (STYLE: "one thread owns protocol
 * state"): socket and stack threads only hand events to it; time comes from its injected clock.
 */
package io.peerswitch.endpoint.loop;
