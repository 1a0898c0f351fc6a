package io.peerswitch.wire.sip;

import java.util.Arrays;
import java.util.List;

/** A SIP response (RFC 3261 section 7.2) whose with* methods return changed copies. */
public record SipResponse(int status, String reason, List<SipHeader> headers, byte[] body) implements SipMessage {

    /**
     * Copies {@code headers} (dropping any Content-Length) and {@code body} ({@code null} reads as empty);
     * fails when the status is outside 100-699 or the reason phrase is absent or holds a CR or LF.
     */
    public SipResponse {
        if (status < 100 || status > 699) {
            throw new IllegalArgumentException("status must be between 100 and 699: " + status);
        }
        if (reason == null || reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("reason phrase must be present and hold no CR or LF");
        }
        headers = HeaderList.copy(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Replaces every field named {@code name} by one with {@code value} (where the first was), or appends it. */
    public SipResponse withHeader(String name, String value) {
        return new SipResponse(status, reason, HeaderList.with(headers, name, value), body);
    }

    /** Appends a field. */
    public SipResponse addHeader(String name, String value) {
        return new SipResponse(status, reason, HeaderList.add(headers, name, value), body);
    }

    /** Puts a field before all others. */
    public SipResponse addFirstHeader(String name, String value) {
        return new SipResponse(status, reason, HeaderList.addFirst(headers, name, value), body);
    }

    /** Removes every field named {@code name}. */
    public SipResponse withoutHeader(String name) {
        return new SipResponse(status, reason, HeaderList.without(headers, name), body);
    }

    /** Sets the body and its Content-Type ({@code null} removes the field); Content-Length is computed by format. */
    public SipResponse withBody(String contentType, byte[] body) {
        return new SipResponse(status, reason, HeaderList.withContentType(headers, contentType), body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SipResponse that && status == that.status && reason.equals(that.reason)
                && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return ((status * 31 + reason.hashCode()) * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "SipResponse[" + status + " " + reason + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
