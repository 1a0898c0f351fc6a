/**
 * Subscriptions of an account to services such as a PSTN calling plan; they decide later which
 * external routes an endpoint may download (FIG. 12-14: "connections ... may be subscription based").
 */
package io.peerswitch.server.subscription;
