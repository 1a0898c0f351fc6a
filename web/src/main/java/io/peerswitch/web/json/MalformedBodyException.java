package io.peerswitch.web.json;

import io.peerswitch.wire.MalformedJsonException;
import java.io.Serial;

/** A request body could not be read as the message the resource expects; carries the codec's diagnosis. */
public class MalformedBodyException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient MalformedJsonException diagnosis;

    public MalformedBodyException(MalformedJsonException diagnosis) {
        super(diagnosis.getMessage(), diagnosis);
        this.diagnosis = diagnosis;
    }

    /** The offending field's path, or {@code null} for a syntax error. */
    public String field() {
        return diagnosis.field();
    }

    /** What was wrong. */
    public String reason() {
        return diagnosis.reason();
    }
}
