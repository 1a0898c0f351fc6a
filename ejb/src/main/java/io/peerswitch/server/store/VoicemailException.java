package io.peerswitch.server.store;

import jakarta.ejb.ApplicationException;
import java.io.Serial;

/**
 * A voicemail upload the server refuses: {@code voicemail-too-large} 413, {@code offset-mismatch} 409
 * (with the offset to resume at), {@code checksum-mismatch} 400 (the upload starts again at 0; that
 * reset is committed, hence no rollback), {@code upload-complete} 409.
 */
@ApplicationException(rollback = false)
public class VoicemailException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final Long offset;

    public VoicemailException(String type, int status, String message, Long offset) {
        super(message);
        this.type = type;
        this.status = status;
        this.offset = offset;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** Where the upload resumes, when that is the point; else {@code null}. */
    public Long offset() {
        return offset;
    }
}
