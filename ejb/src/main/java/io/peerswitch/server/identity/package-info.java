/**
 * The access server's user authority (docs/security.md): the CA key that certifies each location's session
 * key at login, as an X.509 session certificate (RFC 5280) and as the compact location credential endpoints
 * put in every signed SIP message (RFC 8224).
 */
package io.peerswitch.server.identity;
