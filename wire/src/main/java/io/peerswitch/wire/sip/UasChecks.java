package io.peerswitch.wire.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checks a UAS makes before processing a request (RFC 3261 sections 8.2.1 to 8.2.3), as a pure function
 * that returns the error response to send, or nothing when the request may be processed.
 */
public final class UasChecks {

    private static final String SDP = "application/sdp";
    private static final String IDENTITY = "identity";

    /**
     * What this UAS supports (RFC 3261 sections 8.2.1 to 8.2.3), methods compared case-sensitively (section
     * 7.1), option tags, media types and URI schemes case-insensitively, in an order Allow and Accept keep.
     */
    public record Capabilities(Set<String> methods, Set<String> optionTags, Set<String> contentTypes,
                               Set<String> uriSchemes) {

        /** Copies the sets, lower-casing option tags, media types and schemes. */
        public Capabilities {
            methods = Collections.unmodifiableSet(new LinkedHashSet<>(methods));
            optionTags = lowerCase(optionTags);
            contentTypes = lowerCase(contentTypes);
            uriSchemes = lowerCase(uriSchemes);
        }

        private static Set<String> lowerCase(Set<String> values) {
            Set<String> copy = new LinkedHashSet<>();
            for (String value : values) {
                copy.add(value.toLowerCase(Locale.ROOT));
            }
            return Collections.unmodifiableSet(copy);
        }
    }

    private UasChecks() {
    }

    /**
     * The first check {@code request} fails, in this order: Request-URI scheme not supported (416, section
     * 8.2.2.1); method not supported (405 with Allow for a method an RFC defines, 501 otherwise, section
     * 8.2.1); a Require option tag not supported, except in CANCEL (420 with Unsupported, section 8.2.2.3);
     * a body or Content-Type of a media type not supported (415 with Accept) or a Content-Encoding other than
     * identity (415 with Accept-Encoding, section 8.2.3); for INVITE, an Accept header field that rules out
     * application/sdp (406, section 20.1). Responses carry a {@link SipResponses#statelessTag}. Never a
     * response to ACK.
     */
    public static Optional<SipResponse> check(SipRequest request, Capabilities ours) {
        String method = request.method();
        if (method.equals(SipMethods.ACK)) {
            return Optional.empty();
        }
        if (!Uris.scheme(request.requestUri()).map(ours.uriSchemes()::contains).orElse(false)) {
            return respond(request, 416);
        }
        if (!ours.methods().contains(method)) {
            return SipMethods.isKnown(method)
                    ? respond(request, 405, "Allow", String.join(", ", ours.methods()))
                    : respond(request, 501);
        }
        if (!method.equals(SipMethods.CANCEL)) {
            List<String> unsupported = new ArrayList<>();
            for (String tag : listItems(request.headers("Require"))) {
                if (!ours.optionTags().contains(tag.toLowerCase(Locale.ROOT))) {
                    unsupported.add(tag);
                }
            }
            if (!unsupported.isEmpty()) {
                return respond(request, 420, "Unsupported", String.join(", ", unsupported));
            }
        }
        if (request.body().length > 0 || request.header(HeaderNames.CONTENT_TYPE).isPresent()) {
            if (!request.contentType().map(ours.contentTypes()::contains).orElse(false)) {
                return respond(request, 415, "Accept", String.join(", ", ours.contentTypes()));
            }
        }
        for (String encoding : listItems(request.headers("Content-Encoding"))) {
            if (!encoding.equalsIgnoreCase(IDENTITY)) {
                return respond(request, 415, "Accept-Encoding", IDENTITY);
            }
        }
        if (method.equals(SipMethods.INVITE) && !request.headers("Accept").isEmpty()
                && !acceptsSdp(request.headers("Accept"))) {
            return respond(request, 406);
        }
        return Optional.empty();
    }

    /**
     * Whether the Accept fields admit application/sdp, by name or by a wildcard range, with a q-value above 0;
     * an empty Accept field admits nothing (RFC 3261 section 20.1).
     */
    private static boolean acceptsSdp(List<String> acceptFields) {
        for (String range : listItems(acceptFields)) {
            Cursor cursor = new Cursor(range);
            String type = (cursor.token() + (cursor.accept('/') ? "/" + cursor.token() : "")).toLowerCase(Locale.ROOT);
            Map<String, String> parameters = new LinkedHashMap<>();
            boolean matches = type.equals(SDP) || type.equals("application/*") || type.equals("*/*");
            if (matches && cursor.parameters(parameters, false) && !isZero(parameters.getOrDefault("q", "1"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a qvalue ({@code "0" [ "." 0*3DIGIT ]} or {@code "1" [ "." 0*3("0") ]}) is zero. */
    private static boolean isZero(String qvalue) {
        for (int i = 0; i < qvalue.length(); i++) {
            if (qvalue.charAt(i) != '0' && !(i == 1 && qvalue.charAt(i) == '.')) {
                return false;
            }
        }
        return !qvalue.isEmpty();
    }

    /** The non-empty items of comma-separated fields. */
    private static List<String> listItems(List<String> fields) {
        List<String> items = new ArrayList<>();
        for (String field : fields) {
            for (String item : SipSyntax.splitList(field)) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    private static Optional<SipResponse> respond(SipRequest request, int status) {
        return Optional.of(SipResponses.reply(request, status, null, SipResponses.statelessTag(request)));
    }

    private static Optional<SipResponse> respond(SipRequest request, int status, String header, String value) {
        return respond(request, status).map(response -> response.addHeader(header, value));
    }
}
