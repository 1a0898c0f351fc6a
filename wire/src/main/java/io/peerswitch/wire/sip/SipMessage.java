package io.peerswitch.wire.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A SIP request or response (RFC 3261 section 7) with its header fields in wire order, an opaque body and
 * typed access to the fields every valid message has, which throws {@link IllegalStateException} only on a
 * message that did not come out of {@link SipCodec#parse} as {@link SipParseResult.Parsed}.
 */
public sealed interface SipMessage permits SipRequest, SipResponse {

    /** The header fields in wire order, names canonical; Content-Length is not among them (see {@link SipCodec#format}). */
    List<SipHeader> headers();

    /** The body (a copy); empty, never {@code null}. */
    byte[] body();

    /** The value of the first field named {@code name} (case-insensitive; compact forms such as "i" accepted). */
    default Optional<String> header(String name) {
        for (SipHeader header : headers()) {
            if (header.is(name)) {
                return Optional.of(header.value());
            }
        }
        return Optional.empty();
    }

    /** The values of every field named {@code name}, one per field (comma-separated values are not split). */
    default List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (SipHeader header : headers()) {
            if (header.is(name)) {
                values.add(header.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** The Call-ID (RFC 3261 section 20.8). */
    default String callId() {
        return header(HeaderNames.CALL_ID).orElseThrow(() -> missing(HeaderNames.CALL_ID));
    }

    /** The CSeq (RFC 3261 section 20.16). */
    default CSeq cseq() {
        return header(HeaderNames.CSEQ).flatMap(CSeq::parse).orElseThrow(() -> missing(HeaderNames.CSEQ));
    }

    /** The From (RFC 3261 section 20.20). */
    default NameAddr from() {
        return header(HeaderNames.FROM).flatMap(NameAddr::parse).orElseThrow(() -> missing(HeaderNames.FROM));
    }

    /** The To (RFC 3261 section 20.39). */
    default NameAddr to() {
        return header(HeaderNames.TO).flatMap(NameAddr::parse).orElseThrow(() -> missing(HeaderNames.TO));
    }

    /** Every via-parm of every Via field, topmost first (RFC 3261 section 20.42). */
    default List<Via> vias() {
        List<Via> vias = new ArrayList<>();
        for (String value : headers(HeaderNames.VIA)) {
            List<Via> parsed = Via.parseAll(value);
            if (parsed.isEmpty()) {
                throw missing(HeaderNames.VIA);
            }
            vias.addAll(parsed);
        }
        return Collections.unmodifiableList(vias);
    }

    /** The media type of the body, lower-case {@code type/subtype} without parameters (RFC 3261 section 20.15). */
    default Optional<String> contentType() {
        return header(HeaderNames.CONTENT_TYPE).flatMap(SipSyntax::mediaType);
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException("no valid " + name + " header field");
    }
}
