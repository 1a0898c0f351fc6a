/** Instant messages straight between buddies (FIG. 2b IM control, RFC 3428 MESSAGE) and why one was not delivered. */
package io.peerswitch.endpoint.im;
