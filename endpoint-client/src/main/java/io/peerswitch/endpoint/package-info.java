/**
 * The Peerswitch endpoint (FIG. 2b): an engine with its own softswitch — call control, IM control,
 * presence and peer control, routing table, media control — that logs in to the access server and
 * then talks SIP and RTP directly to other endpoints (claim 1).
 */
package io.peerswitch.endpoint;
