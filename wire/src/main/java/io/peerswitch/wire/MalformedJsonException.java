package io.peerswitch.wire;

import java.io.Serial;

/**
 * A JSON document could not be read as the expected message: bad syntax, a wrong type, or a value
 * a record refused. {@link #field()} is the JSON path when one is known, else {@code null}.
 */
public final class MalformedJsonException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public MalformedJsonException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The offending field's path ({@code publicAddress.port}), or {@code null} for syntax errors. */
    public String field() {
        return field;
    }

    /** What was wrong, without echoing the client's data back. */
    public String reason() {
        return reason;
    }
}
