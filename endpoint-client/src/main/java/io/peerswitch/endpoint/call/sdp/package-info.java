/**
 * Session descriptions for audio calls: SDP (RFC 8866, formerly RFC 4566) as immutable records, a
 * parser that never throws and a formatter, and the offer/answer rules of RFC 3264 as pure
 * functions: which codec, which telephone-event payload type (RFC 4733 section 7), which direction,
 * hold and resume (section 8.4), and what both sides finally agreed.
 */
package io.peerswitch.endpoint.call.sdp;
