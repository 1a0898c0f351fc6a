package io.peerswitch.web.json;

import java.io.Serial;

/** A request body exceeded its limit (RFC 9110 section 15.5.14, 413 Content Too Large). */
public class PayloadTooLargeException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("the request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
