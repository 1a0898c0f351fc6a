package io.peerswitch.wire.sip;

import java.util.Arrays;
import java.util.List;

/** A SIP request (RFC 3261 section 7.1) whose with* methods return changed copies. */
public record SipRequest(String method, String requestUri, List<SipHeader> headers, byte[] body) implements SipMessage {

    /**
     * Copies {@code headers} (dropping any Content-Length) and {@code body} ({@code null} reads as empty);
     * fails when the method is not a token or the Request-URI is empty or holds whitespace or control characters.
     */
    public SipRequest {
        if (!SipSyntax.isToken(method)) {
            throw new IllegalArgumentException("method must be a token: " + method);
        }
        if (!isRequestUriText(requestUri)) {
            throw new IllegalArgumentException("Request-URI must be non-empty without whitespace or control characters");
        }
        headers = HeaderList.copy(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    /** Whether {@code text} can stand between the two SPs of a Request-Line. */
    static boolean isRequestUriText(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Replaces every field named {@code name} by one with {@code value} (where the first was), or appends it. */
    public SipRequest withHeader(String name, String value) {
        return new SipRequest(method, requestUri, HeaderList.with(headers, name, value), body);
    }

    /** Appends a field. */
    public SipRequest addHeader(String name, String value) {
        return new SipRequest(method, requestUri, HeaderList.add(headers, name, value), body);
    }

    /** Puts a field before all others, as a new topmost Via (RFC 3261 section 8.1.1.7) wants. */
    public SipRequest addFirstHeader(String name, String value) {
        return new SipRequest(method, requestUri, HeaderList.addFirst(headers, name, value), body);
    }

    /** Removes every field named {@code name}. */
    public SipRequest withoutHeader(String name) {
        return new SipRequest(method, requestUri, HeaderList.without(headers, name), body);
    }

    /** Sets the body and its Content-Type ({@code null} removes the field); Content-Length is computed by format. */
    public SipRequest withBody(String contentType, byte[] body) {
        return new SipRequest(method, requestUri, HeaderList.withContentType(headers, contentType), body);
    }

    /** Replaces the Request-URI. */
    public SipRequest withRequestUri(String uri) {
        return new SipRequest(method, uri, headers, body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SipRequest that && method.equals(that.method) && requestUri.equals(that.requestUri)
                && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return ((method.hashCode() * 31 + requestUri.hashCode()) * 31 + headers.hashCode()) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "SipRequest[" + method + " " + requestUri + ", headers=" + headers + ", body=" + body.length + " bytes]";
    }
}
