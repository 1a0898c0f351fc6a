/**
 * Messages end to end (docs/security.md, "Messages end to end"): the installation's long-term message key
 * and the CMS envelope (RFC 5652, RFC 5083, RFC 5753) that IM bodies travel in, readable only by the
 * installations whose certified keys it was made for; the access server stores and forwards it unread.
 */
package io.peerswitch.endpoint.e2e;
