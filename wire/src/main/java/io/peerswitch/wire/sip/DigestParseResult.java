package io.peerswitch.wire.sip;

/** What parsing an Authorization or Proxy-Authorization value gave (RFC 3261 section 22.4); errors are data. */
public sealed interface DigestParseResult {

    /** Digest credentials with every required parameter. */
    record Parsed(DigestCredentials credentials) implements DigestParseResult {
    }

    /** Credentials of another scheme, such as Basic or RFC 4475 section 3.3.7's unknown one. */
    record OtherScheme(String scheme) implements DigestParseResult {
    }

    /** Not valid Digest credentials; {@code reason} is short and never echoes much of the input. */
    record Malformed(String reason) implements DigestParseResult {
    }
}
