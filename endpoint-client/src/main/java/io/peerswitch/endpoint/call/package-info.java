/**
 * Call control (FIG. 2b, FIG. 3a/3b): calls set up directly between endpoints with INVITE, offer/answer
 * SDP, 180, 200, ACK, BYE and CANCEL (RFC 3261 sections 13-15, RFC 3264), hold and resume by re-INVITE,
 * 486 when busy, a no-answer timeout; one explicit state machine per call, on the softswitch's loop.
 */
package io.peerswitch.endpoint.call;
