/**
 * Voicemail (FIG. 10, 11; claims 2-5, 9-13): recorded by the caller when the callee is busy, does not
 * answer, is unreachable or offline, left on the access server, announced with an RFC 3842
 * message-summary and sent directly to an online callee; played, saved, forwarded and deleted by the callee.
 */
package io.peerswitch.endpoint.voicemail;
