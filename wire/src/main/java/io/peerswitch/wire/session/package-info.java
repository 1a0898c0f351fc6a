/**
 * Login, keepalive and logout of one endpoint location (FIG. 4 steps 402-404, FIG. 5 steps 506-508):
 * a make-and-break exchange over HTTPS that carries what STUN taught the endpoint.
 */
package io.peerswitch.wire.session;
