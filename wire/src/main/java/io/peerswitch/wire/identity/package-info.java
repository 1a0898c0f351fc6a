/**
 * Identity between locations (docs/security.md): the session certificates the access server issues for
 * each location's key (its user certificate authority, RFC 5280 profile), and the compact-form PASSporT
 * Identity header of RFC 8224 / RFC 8225 with which endpoints sign SIP requests and responses to each other.
 * Pure codecs over the JDK's crypto providers: no sockets, no clocks of their own.
 */
package io.peerswitch.wire.identity;
