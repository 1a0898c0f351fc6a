package io.peerswitch.wire;

import java.io.Serial;

/** A wire record refused a value: names the offending JSON field as RFC 9457 {@code invalid-params} do. */
public final class InvalidFieldException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidFieldException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field's path, e.g. {@code publicAddress.port} or {@code accounts[3].email}. */
    public String field() {
        return field;
    }

    /** Why the value was refused, in words a client developer can act on. */
    public String reason() {
        return reason;
    }
}
