package io.peerswitch.wire.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The header list operations behind the with* methods of {@link SipRequest} and {@link SipResponse}. */
final class HeaderList {

    private HeaderList() {
    }

    /**
     * An unmodifiable copy of {@code headers} without Content-Length: that field is framing, which
     * {@link SipCodec#format} computes from the body (RFC 3261 section 20.14).
     */
    static List<SipHeader> copy(List<SipHeader> headers) {
        List<SipHeader> copy = new ArrayList<>(headers.size());
        for (SipHeader header : headers) {
            if (!header.is(HeaderNames.CONTENT_LENGTH)) {
                copy.add(header);
            }
        }
        return Collections.unmodifiableList(copy);
    }

    /** Replaces every field named {@code name} by one field, placed where the first was (else appended). */
    static List<SipHeader> with(List<SipHeader> headers, String name, String value) {
        SipHeader replacement = new SipHeader(name, value);
        List<SipHeader> out = new ArrayList<>(headers.size() + 1);
        boolean placed = false;
        for (SipHeader header : headers) {
            if (!header.is(name)) {
                out.add(header);
            } else if (!placed) {
                out.add(replacement);
                placed = true;
            }
        }
        if (!placed) {
            out.add(replacement);
        }
        return out;
    }

    static List<SipHeader> add(List<SipHeader> headers, String name, String value) {
        List<SipHeader> out = new ArrayList<>(headers);
        out.add(new SipHeader(name, value));
        return out;
    }

    static List<SipHeader> addFirst(List<SipHeader> headers, String name, String value) {
        List<SipHeader> out = new ArrayList<>(headers.size() + 1);
        out.add(new SipHeader(name, value));
        out.addAll(headers);
        return out;
    }

    static List<SipHeader> without(List<SipHeader> headers, String name) {
        List<SipHeader> out = new ArrayList<>(headers.size());
        for (SipHeader header : headers) {
            if (!header.is(name)) {
                out.add(header);
            }
        }
        return out;
    }

    /** Sets the body's Content-Type, or removes the field when {@code contentType} is {@code null}. */
    static List<SipHeader> withContentType(List<SipHeader> headers, String contentType) {
        return contentType == null ? without(headers, HeaderNames.CONTENT_TYPE)
                : with(headers, HeaderNames.CONTENT_TYPE, contentType);
    }
}
