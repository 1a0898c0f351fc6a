/**
 * Authentication of API requests: endpoints present the bearer token of their session (RFC 6750),
 * administrators their user ID and password (HTTP Basic, RFC 7617, over TLS only).
 */
package io.peerswitch.web.security;
