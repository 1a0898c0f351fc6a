/**
 * Who a peer is (docs/security.md): this location's session key and the credential the access server
 * certified it with, and the {@link io.peerswitch.endpoint.identity.PeerAuthenticator} that signs every SIP
 * message we send and verifies every one we receive (RFC 8224 compact form) before anything is learned from it.
 */
package io.peerswitch.endpoint.identity;
