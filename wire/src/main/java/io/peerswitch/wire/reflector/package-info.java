/**
 * The stateless reflector's wire format (FIG. 24-25): the authenticated custom header an endpoint puts
 * in front of a packet it wants reflected, and the token the access server issues at login that lets the
 * reflector check that header without keeping any state. Pure codecs; see docs/reflector.md.
 */
package io.peerswitch.wire.reflector;
