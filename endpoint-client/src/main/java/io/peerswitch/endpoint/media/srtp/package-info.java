/**
 * SRTP and SRTCP (RFC 3711) with AES counter mode and HMAC-SHA1, over the JDK's own ciphers: key derivation
 * (section 4.3), the packet index with its rollover counter (section 3.3.1), authentication before anything
 * changes, and replay protection (section 3.3.2).
 */
package io.peerswitch.endpoint.media.srtp;
