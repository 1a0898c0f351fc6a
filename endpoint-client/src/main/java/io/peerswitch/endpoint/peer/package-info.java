/**
 * Peer control (FIG. 2b, FIG. 5): what the endpoint knows about each buddy — offline (red), online per
 * the server (blue), confirmed by its own answer (green), or unreachable (blue, no answer in time).
 */
package io.peerswitch.endpoint.peer;
