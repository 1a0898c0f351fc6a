package io.peerswitch.wire.problem;

/** One refused request field, as in the {@code invalid-params} example of RFC 9457 section 3. */
public record InvalidParam(String name, String reason) {
}
