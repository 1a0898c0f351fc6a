/**
 * Media control at run time (FIG. 3a steps 314-328, FIG. 3b steps 374-380): an RTP/RTCP session per call
 * (RFC 3550) sending frames from an audio source and playing received ones into a sink, with RFC 4733
 * DTMF, symmetric RTP (RFC 4961) and latching onto the address the peer's packets really come from.
 */
package io.peerswitch.endpoint.media.session;
