package io.peerswitch.wire.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details object ({@code application/problem+json}); {@code invalid-params} is the
 * extension member RFC 9457 section 3 shows for naming refused fields.
 */
public record Problem(URI type, String title, int status, String detail, String instance,
                      @JsonProperty("invalid-params") List<InvalidParam> invalidParams,
                      @JsonProperty("retry-after") Long retryAfter) {

    /** The media type of problem documents (RFC 9457 section 6.1). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of our problem type URIs; each type is documented at that address in docs/rest-api.md. */
    public static final String TYPE_BASE = "https://peerswitch.io/problems/";

    public Problem {
        invalidParams = invalidParams == null || invalidParams.isEmpty() ? null : List.copyOf(invalidParams);
    }

    /** A problem of one of our documented types, e.g. {@code of("invalid-request", 400, ...)}. */
    public static Problem of(String typeName, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + typeName), title, status, detail, null, null, null);
    }

    /** This problem naming the refused fields. */
    public Problem withInvalidParams(List<InvalidParam> params) {
        return new Problem(type, title, status, detail, instance, params, retryAfter);
    }

    /** This problem telling the client how many seconds to wait (mirrors the Retry-After header). */
    public Problem withRetryAfter(long seconds) {
        return new Problem(type, title, status, detail, instance, invalidParams, seconds);
    }
}
