/**
 * The redirect server (FIG. 15): IP-PBXs and gateways send it an INVITE for a user; it challenges them
 * (407, RFC 3261 section 22.3, RFC 8760), then answers 302 with a Contact per online location of the user,
 * or 480, 404, 403. Our codec reads every request (RFC 4475 handled as that RFC asks), a small RFC 3261
 * section 17.2.1 transaction table retransmits final responses and absorbs ACKs, and each source address is
 * rate limited. The decision is {@link io.peerswitch.server.sip.redirect.RedirectPolicy}, a plain class.
 */
package io.peerswitch.server.sip.redirect;
