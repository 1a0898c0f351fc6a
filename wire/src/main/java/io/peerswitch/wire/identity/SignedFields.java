package io.peerswitch.wire.identity;

import io.peerswitch.wire.sip.NameAddr;
import io.peerswitch.wire.sip.SipMessage;
import io.peerswitch.wire.sip.SipRequest;
import io.peerswitch.wire.sip.SipResponse;
import io.peerswitch.wire.sip.SipUri;
import io.peerswitch.wire.sip.Via;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fields of a SIP message an endpoint's signature covers (docs/security.md, "What a signature covers"):
 * the start line, the top Via without what the receiver stamps (received, rport: RFC 3261 section 18.2.1,
 * RFC 3581), From and To with tags, Call-ID, CSeq, Contact with its {@code ps-*} parameters, the event
 * package fields of RFC 6665, Expires, Refer-To, Replaces, Content-Type and the body. Each is taken from the
 * parsed value and written in one canonical form, so a stack that re-encodes the message (JAIN-SIP
 * reorders nothing but may respace) does not break the signature.
 */
public final class SignedFields {

    /** Header fields covered as their stripped, whitespace-collapsed text. */
    private static final List<String> PLAIN = List.of("Call-ID", "Event", "Subscription-State", "Expires", "Refer-To",
            "Replaces", "Date");

    private SignedFields() {
    }

    /** SHA-256 of the canonical text of {@code message}'s covered fields; {@link IllegalArgumentException} when one is malformed. */
    public static byte[] digest(SipMessage message) {
        return LocationCertificate.sha256(canonical(message).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical text the digest is taken over, one field per line. */
    static String canonical(SipMessage message) {
        StringBuilder out = new StringBuilder(512);
        switch (message) {
            case SipRequest request -> out.append("request ").append(request.method()).append(' ')
                    .append(uri(request.requestUri()));
            case SipResponse response -> out.append("response ").append(response.status());
        }
        out.append('\n');
        Via top = message.vias().getFirst();
        out.append("via ").append(top.protocol()).append('/').append(top.transport()).append(' ').append(top.host())
                .append(':').append(top.port()).append(";branch=").append(top.branch().orElse("")).append('\n');
        out.append("from ").append(nameAddr(message.from(), false)).append('\n');
        out.append("to ").append(nameAddr(message.to(), false)).append('\n');
        out.append("cseq ").append(message.cseq().number()).append(' ').append(message.cseq().method()).append('\n');
        for (String name : PLAIN) {
            out.append(name.toLowerCase(Locale.ROOT)).append(' ').append(plain(message.header(name))).append('\n');
        }
        out.append("contact ");
        for (String value : message.headers("Contact")) {
            if (value.strip().equals("*")) {
                out.append("*,");
                continue;
            }
            List<NameAddr> contacts = NameAddr.parseAll(value);
            if (contacts.isEmpty()) {
                throw new IllegalArgumentException("unreadable Contact: " + value);
            }
            contacts.forEach(c -> out.append(nameAddr(c, true)).append(','));
        }
        out.append('\n');
        out.append("content-type ").append(message.header("Content-Type").map(v -> v.replaceAll("\\s+", "")
                .toLowerCase(Locale.ROOT)).orElse("")).append('\n');
        out.append("body ").append(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(LocationCertificate.sha256(message.body()))).append('\n');
        return out.toString();
    }

    /** A URI in canonical form: a SIP URI rebuilt from its parts with its parameters sorted, any other as written. */
    static String uri(String text) {
        Optional<SipUri> parsed = SipUri.parse(text);
        if (parsed.isEmpty()) {
            return text.strip();
        }
        SipUri uri = parsed.get();
        StringBuilder out = new StringBuilder(uri.scheme()).append(':');
        if (uri.user() != null) {
            out.append(uri.user()).append('@');
        }
        out.append(uri.host());
        if (uri.port() >= 0) {
            out.append(':').append(uri.port());
        }
        parameters(uri.parameters(), out);
        return out.toString();
    }

    private static String nameAddr(NameAddr value, boolean allParameters) {
        StringBuilder out = new StringBuilder(uri(value.uri()));
        if (allParameters) {
            parameters(value.parameters(), out);
        } else {
            out.append(";tag=").append(value.tag().orElse(""));
        }
        return out.toString();
    }

    private static void parameters(Map<String, String> parameters, StringBuilder out) {
        Map<String, String> sorted = new TreeMap<>();
        parameters.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), unquoted(value)));
        sorted.forEach((name, value) -> out.append(';').append(name).append('=').append(value));
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static String plain(Optional<String> value) {
        return value.map(v -> v.strip().replaceAll("\\s+", " ")).orElse("");
    }
}
