package io.peerswitch.wire.stun;

import java.io.Serial;

/** Why bytes are not a STUN message (RFC 8489 section 6.3); never leaves the package: decoding returns it as data. */
final class MalformedStunException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    MalformedStunException(String reason) {
        super(reason, null, false, false);
    }
}
