/**
 * The endpoint's side of the make-and-break exchanges with the access server (FIG. 4 steps 402-404):
 * registration, login with what STUN told it, keepalive, logout, profile — JSON over HTTPS.
 */
package io.peerswitch.endpoint.server;
